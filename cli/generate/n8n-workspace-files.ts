import type { Profile } from '@hookbridge/core';
import { camelName } from './camel-name';
import { pascalName } from './pascal-name';

const HEADER =
	'// Written by `npm run connectors:write` from prebuilt-connectors.json: regenerate, do not edit.';

/**
 * A prebuilt profile's trigger node and credential in the repository's one n8n community
 * package (n8n/): the classes `hookbridge generate n8n` makes from a profile.json, made here
 * from the profile's module, so each bundled node carries only its own profile. Paths below n8n/,
 * named as the generated packages name them.
 */
export function n8nWorkspaceFiles(profile: Profile): Record<string, string> {
	const name = pascalName(profile.id);
	const value = camelName(profile.id);
	// The node sits two folders below n8n/, the credential one: so many `../` to n8n/lib and
	// three or two to the repository's shared/.
	const source = (up: string, factory: string, module: string, className: string) =>
		[
			HEADER,
			`import { ${value} } from '../${up}shared/providers/${profile.id}';`,
			`import { ${factory} } from '${up}lib/${module}';`,
			'',
			`export class ${className} extends ${factory}(${value}) {}`,
			'',
		].join('\n');
	return {
		[n8nNodePath(profile, 'ts')]: source(
			'../../',
			'hookbridgeTrigger',
			'hookbridge-trigger',
			`${name}Trigger`,
		),
		[n8nCredentialPath(profile, 'ts')]: source(
			'../',
			'hookbridgeCredential',
			'hookbridge-credential',
			`${name}Api`,
		),
	};
}

/** Where a profile's node is, in the sources (`ts`) or as n8n loads it (`js`, under dist/). */
export function n8nNodePath(profile: Profile, kind: 'ts' | 'js'): string {
	const name = `${pascalName(profile.id)}Trigger`;
	return `${kind === 'js' ? 'dist/' : ''}nodes/${name}/${name}.node.${kind}`;
}

export function n8nCredentialPath(profile: Profile, kind: 'ts' | 'js'): string {
	return `${kind === 'js' ? 'dist/' : ''}credentials/${pascalName(profile.id)}Api.credentials.${kind}`;
}

/** The package manifest with its description and node lists made from the profiles. */
export function n8nWorkspaceManifest(
	manifest: Record<string, unknown>,
	profiles: readonly Profile[],
): string {
	const names = profiles.map((p) => p.name);
	const n8n = (manifest.n8n ?? {}) as Record<string, unknown>;
	const updated = {
		...manifest,
		description: `Verified, typed, deduplicated webhook triggers for ${listed(names)}`,
		n8n: {
			...n8n,
			credentials: profiles.map((p) => n8nCredentialPath(p, 'js')),
			nodes: profiles.map((p) => n8nNodePath(p, 'js')),
		},
	};
	return `${JSON.stringify(updated, null, '\t')}\n`;
}

function listed(names: string[]): string {
	return names.length < 2
		? (names[0] ?? '')
		: `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
