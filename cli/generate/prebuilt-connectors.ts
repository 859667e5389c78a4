import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedFiles, prebuiltProfiles, repositoryRoot } from '../../make/src/write-apps';
import { profiles as builtIn } from '@hookbridge/core';
import { BUILT_IN_TYPE } from '../../node-red/src/node-type-name';
import { nodeHtml } from '../../node-red/src/node-html';
import { n8nWorkspaceFiles } from './n8n-workspace-files';
import { n8nWorkspaceManifest } from './n8n-workspace-manifest';
import { type RootPackage, zapierWorkspaceApp } from './zapier-workspace-app';

/**
 * Every committed file of the prebuilt connectors, by path from the repository root, as the
 * generators write them: a Zapier app per profile (zapier/apps/<id>/), its node and credential
 * in the one n8n package (n8n/) and that package's node lists, and a Make app and kit
 * (make/apps/<id>/, make/kit/<id>/), and the Node-RED node's editor file. What `npm run connectors:write` writes and checks.
 */
export function prebuiltConnectorFiles(root = repositoryRoot()): Record<string, string> {
	const profiles = prebuiltProfiles(root);
	const rootPackage = readJson(join(root, 'package.json')) as unknown as RootPackage;
	const files: Record<string, string> = {};
	const add = (prefix: string, set: Record<string, string>) => {
		for (const [path, text] of Object.entries(set)) files[`${prefix}${path}`] = text;
	};
	for (const profile of profiles) {
		add(`zapier/apps/${profile.id}/`, zapierWorkspaceApp(profile, rootPackage));
		add('n8n/', n8nWorkspaceFiles(profile));
	}
	add('make/', generatedFiles());
	// @hookbridge/node-red's one node covers every built-in profile, not only the listed ones.
	files['node-red/hookbridge-in.html'] = nodeHtml(
		BUILT_IN_TYPE,
		Object.values(builtIn),
		readFileSync(join(root, 'node-red', 'editor', 'hookbridge-in-editor.js'), 'utf8'),
	);
	files['n8n/package.json'] = n8nWorkspaceManifest(
		readJson(join(root, 'n8n', 'package.json')),
		profiles,
	);
	return files;
}

function readJson(file: string): Record<string, unknown> {
	return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}
