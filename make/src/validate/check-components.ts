import type { AppCheck } from './app-check';
import { COMPONENT_CODES, OAUTH_SCHEMA, type CodeRule } from './code-rules';
import { ID_PATTERNS } from './id-patterns';
import { isObject, pointer } from './json';
import { MANIFEST } from './paths';

type Meta = Record<string, unknown>;
/** Whether the manifest defines a component of this type and id. */
type Defined = (type: string, id: unknown) => boolean;

/** The components of the manifest: their ids, what they refer to, and their code files. */
export function checkComponents(check: AppCheck, manifest: Meta): void {
	const components = isObject(manifest.components) ? manifest.components : {};
	const defined: Defined = (type, id) =>
		typeof id === 'string' && isObject(components[type]) && isObject(components[type][id]);
	for (const [type, codes] of Object.entries(COMPONENT_CODES)) {
		const group = components[type];
		if (!isObject(group)) continue;
		for (const [id, meta] of Object.entries(group)) {
			const at = pointer('components', type, id);
			if (!ID_PATTERNS[type]?.test(id))
				check.fail(MANIFEST, at, `"${id}" is not a valid ${type} id`);
			if (!isObject(meta)) continue; // null reserves an id
			checkReferences(check, type, at, meta, defined);
			checkCodeFiles(check, type, at, meta, codes);
		}
	}
}

/** The connections and webhook a component names exist; an instant trigger names its webhook. */
function checkReferences(check: AppCheck, type: string, at: string, meta: Meta, defined: Defined) {
	for (const key of ['connection', 'altConnection'] as const) {
		if (typeof meta[key] === 'string' && !defined('connection', meta[key]))
			check.fail(MANIFEST, `${at}/${key}`, `no connection "${String(meta[key])}"`);
	}
	if (typeof meta.webhook === 'string' && !defined('webhook', meta.webhook))
		check.fail(MANIFEST, `${at}/webhook`, `no webhook "${meta.webhook}"`);
	if (type === 'module' && meta.moduleType === 'instant_trigger' && !meta.webhook)
		check.fail(MANIFEST, at, 'an instant_trigger module must name its webhook');
}

/** Each code file of a component, against the schema of its code type. */
function checkCodeFiles(
	check: AppCheck,
	type: string,
	at: string,
	meta: Meta,
	codes: Record<string, CodeRule>,
) {
	const files = isObject(meta.codeFiles) ? meta.codeFiles : {};
	for (const [code, path] of Object.entries(files)) {
		const codeAt = `${at}/codeFiles${pointer(code)}`;
		const rule = codes[code];
		if (!rule) {
			check.fail(MANIFEST, codeAt, `a ${type} has no code type "${code}"`);
			// Still named, so that the file is not reported again as not deployed.
			if (typeof path === 'string') check.target(path, codeAt);
			continue;
		}
		if (typeof path !== 'string') continue;
		const file = check.target(path, codeAt);
		const oauth = type === 'connection' && code === 'communication';
		if (file)
			check.checkFile(
				file,
				rule,
				oauth && meta.connectionType === 'oauth' ? OAUTH_SCHEMA : rule.schema,
			);
	}
}
