import type Ajv from 'ajv';
import type { ErrorObject } from 'ajv';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, posix, relative, resolve, sep } from 'node:path';

// The offline check of a Make custom app as code (make/apps/<id>/: makecomapp.json and the IML
// files it names) against Make's own JSON Schemas, vendored in make/schemas/ with their licence.
// npm run make:check runs it on every app; test/make runs the same code on a fresh generation.
//
//   node dist/make/src/validate-app.js [<app-dir>...]     (default: every make/apps/*/)
//
// Exit 0: every app valid. 1: an app has problems (one line each). 2: the check cannot run
// (ajv not installed, a schema missing or not compiling, no app to check).

/** make/, from this file in make/src (ts-jest) or in dist/make/src (the build). */
const MAKE_DIR =
	basename(resolve(__dirname, '..', '..')) === 'dist'
		? resolve(__dirname, '..', '..', '..', 'make')
		: resolve(__dirname, '..');
export const SCHEMAS_DIR = join(MAKE_DIR, 'schemas');
export const APPS_DIR = join(MAKE_DIR, 'apps');

const MANIFEST = 'makecomapp.json';

/** How a code file is read and which schema checks it; `schema: null` = parsed only. */
interface CodeRule {
	/** `iml`: JSON with comments, as Make reads IML files; `json`: plain JSON; `text`: not parsed. */
	format: 'iml' | 'json' | 'text';
	schema: string | null;
}
const iml = (schema: string | null): CodeRule => ({ format: 'iml', schema });
const TEXT: CodeRule = { format: 'text', schema: null };

// Code type → schema, per component type, as Make's VS Code extension maps them.
const GENERAL_CODES: Record<string, CodeRule> = {
	base: iml('base.json'),
	common: { format: 'json', schema: 'common.json' },
	groups: { format: 'json', schema: 'groups.json' },
	readme: TEXT,
};
const COMPONENT_CODES: Record<string, Record<string, CodeRule>> = {
	connection: {
		communication: iml('api.json'),
		params: iml('parameters.json'),
		common: { format: 'json', schema: 'common.json' },
		scopeList: iml('scopes.json'),
		defaultScope: iml('scope.json'),
		installSpec: iml(null),
		installDirectives: iml(null),
	},
	webhook: {
		communication: iml('api.json'),
		params: iml('parameters.json'),
		attach: iml('api.json'),
		detach: iml('api.json'),
		update: iml(null),
		requiredScope: iml('scope.json'),
	},
	module: {
		communication: iml('api.json'),
		staticParams: iml('parameters.json'),
		mappableParams: iml('parameters.json'),
		interface: iml('parameters.json'),
		samples: iml('samples.json'),
		epoch: iml('epoch.json'),
		scope: iml('scope.json'),
	},
	rpc: { communication: iml('api.json'), params: iml('parameters.json') },
	function: { code: TEXT, test: TEXT },
	endpoint: {
		communication: iml('endpoint-api.json'),
		scope: iml('scope.json'),
		inputParameters: iml('parameters.json'),
		outputParameters: iml('parameters.json'),
		context: TEXT,
	},
};

// Local component IDs the extension accepts.
const ID_PATTERNS: Record<string, RegExp> = {
	connection: /^[a-zA-Z][0-9a-zA-Z-]{1,33}[0-9a-zA-Z]$/,
	webhook: /^[a-zA-Z][0-9a-zA-Z-]{1,33}[0-9a-zA-Z]$/,
	module: /^[a-zA-Z][0-9a-zA-Z]{2,63}$/,
	rpc: /^[a-zA-Z][0-9a-zA-Z]{2,63}$/,
	function: /^[a-zA-Z][0-9a-zA-Z]{1,94}[0-9a-zA-Z]$/,
	endpoint: /^[a-zA-Z][0-9a-zA-Z]{1,126}[0-9a-zA-Z]$/,
};

/** Every schema a code rule names, plus the ones they `$ref`: all must be present and compile. */
const REQUIRED_SCHEMAS = [
	'makecomapp.schema.json',
	'api-oauth.json',
	...new Set(
		[GENERAL_CODES, ...Object.values(COMPONENT_CODES)].flatMap((codes) =>
			Object.values(codes).flatMap((rule) => (rule.schema ? [rule.schema] : [])),
		),
	),
];

/** The files of one app, on disk or in memory; paths are relative to the app, with `/`. */
export interface AppFiles {
	read(path: string): string | undefined;
	list(): string[];
}

export function appOnDisk(dir: string): AppFiles {
	const root = resolve(dir);
	return {
		read: (path) => {
			const file = join(root, path);
			return existsSync(file) && statSync(file).isFile() ? readFileSync(file, 'utf8') : undefined;
		},
		list: () => {
			const out: string[] = [];
			const walk = (at: string) => {
				for (const entry of readdirSync(at, { withFileTypes: true })) {
					const abs = join(at, entry.name);
					if (entry.isDirectory()) walk(abs);
					else if (entry.isFile()) out.push(relative(root, abs).split(sep).join('/'));
				}
			};
			walk(root);
			return out.sort();
		},
	};
}

/** The app under `prefix` (e.g. `apps/flowella/`) in a path → text map such as generatedFiles(). */
export function appInMemory(files: Record<string, string>, prefix = ''): AppFiles {
	return {
		read: (path) => files[`${prefix}${path}`],
		list: () =>
			Object.keys(files)
				.filter((path) => path.startsWith(prefix))
				.map((path) => path.slice(prefix.length))
				.sort(),
	};
}

export interface AppReport {
	/** Files read and checked (the manifest included). */
	checked: string[];
	/** One line per problem: `<file>[ <JSON pointer>]: <message>`. Empty = valid. */
	errors: string[];
}

export interface AppValidator {
	validate(app: AppFiles): AppReport;
}

/** The check cannot run at all (as opposed to an app being invalid). */
export class ValidatorUnavailableError extends Error {
	override readonly name = 'ValidatorUnavailableError';
}

/** Loads ajv and the vendored schemas; throws ValidatorUnavailableError if either is missing. */
export async function loadAppValidator(schemasDir = SCHEMAS_DIR): Promise<AppValidator> {
	let AjvClass: typeof Ajv;
	try {
		AjvClass = (await import('ajv')).default;
	} catch (error) {
		throw new ValidatorUnavailableError(
			`cannot load ajv (a devDependency: run npm ci): ${(error as Error).message}`,
		);
	}
	const missing = REQUIRED_SCHEMAS.filter((name) => !existsSync(join(schemasDir, name)));
	if (missing.length > 0)
		throw new ValidatorUnavailableError(`missing in ${schemasDir}: ${missing.join(', ')}`);
	// strict: false for the editor-only keywords in Make's schemas (errorMessage, doNotSuggest);
	// unicodeRegExp: false for a `\-` escape the `u` flag refuses.
	const ajv = new AjvClass({ allErrors: true, strict: false, unicodeRegExp: false });
	// The only format the schemas use (makecomapp.json's origins); ajv-formats is not needed for it.
	ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:\S*$/i);
	for (const name of readdirSync(schemasDir).filter((f) => f.endsWith('.json'))) {
		try {
			ajv.addSchema(JSON.parse(readFileSync(join(schemasDir, name), 'utf8')), name);
		} catch (error) {
			throw new ValidatorUnavailableError(`schema ${name}: ${(error as Error).message}`);
		}
	}
	for (const name of REQUIRED_SCHEMAS) {
		try {
			ajv.getSchema(name);
		} catch (error) {
			throw new ValidatorUnavailableError(
				`schema ${name} does not compile: ${(error as Error).message}`,
			);
		}
	}
	return { validate: (app) => validateApp(ajv, app) };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);
const pointer = (...segments: string[]) =>
	segments.map((s) => `/${s.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

function validateApp(ajv: Ajv, app: AppFiles): AppReport {
	const checked = new Set<string>();
	const errors: string[] = [];
	const fail = (file: string, at: string | null, message: string) =>
		errors.push(`${file}${at === null ? '' : ` ${at || '/'}`}: ${message}`);

	const against = (schema: string, file: string, value: Json) => {
		const check = ajv.getSchema(schema);
		if (!check) throw new ValidatorUnavailableError(`schema ${schema} not loaded`);
		if (check(value)) return;
		for (const e of specific(check.errors ?? [])) {
			const detail =
				e.keyword === 'additionalProperties'
					? ` "${String(e.params.additionalProperty)}"`
					: e.keyword === 'enum'
						? ` (got ${JSON.stringify(valueAt(value, e.instancePath))})`
						: '';
			fail(file, e.instancePath, `${e.message ?? e.keyword}${detail} (${schema})`);
		}
	};

	/** Reads, parses and checks one file the manifest names. */
	const checkFile = (file: string, rule: CodeRule, schema = rule.schema) => {
		const text = app.read(file);
		checked.add(file);
		if (text === undefined) return fail(file, null, `named in ${MANIFEST} but does not exist`);
		if (rule.format === 'text') return;
		const value = parse(file, text, rule.format === 'iml', fail);
		if (value !== undefined && schema) against(schema, file, value);
	};

	/** A manifest path, normalised; refused if it leaves the app. */
	const named = new Set<string>();
	const target = (path: string, at: string): string | undefined => {
		const norm = posix.normalize(path);
		if (norm.startsWith('../') || posix.isAbsolute(norm)) {
			fail(MANIFEST, at, `"${path}" is outside the app`);
			return undefined;
		}
		named.add(norm);
		return norm;
	};

	const text = app.read(MANIFEST);
	checked.add(MANIFEST);
	if (text === undefined) {
		fail(MANIFEST, null, 'missing');
		return { checked: [...checked], errors };
	}
	const manifest = parse(MANIFEST, text, false, fail);
	if (manifest === undefined) return { checked: [...checked], errors };
	against('makecomapp.schema.json', MANIFEST, manifest);
	if (!isObject(manifest)) return { checked: [...checked], errors };

	if (isObject(manifest.generalCodeFiles)) {
		for (const [code, path] of Object.entries(manifest.generalCodeFiles)) {
			const rule = GENERAL_CODES[code];
			if (!rule || typeof path !== 'string') continue; // the manifest schema reports these
			const file = target(path, pointer('generalCodeFiles', code));
			if (file) checkFile(file, rule);
		}
	}

	const components = isObject(manifest.components) ? manifest.components : {};
	const defined = (type: string, id: unknown) =>
		typeof id === 'string' && isObject(components[type]) && isObject(components[type][id]);
	for (const [type, codes] of Object.entries(COMPONENT_CODES)) {
		const group = components[type];
		if (!isObject(group)) continue;
		for (const [id, meta] of Object.entries(group)) {
			const at = pointer('components', type, id);
			if (!ID_PATTERNS[type]?.test(id)) fail(MANIFEST, at, `"${id}" is not a valid ${type} id`);
			if (!isObject(meta)) continue; // null reserves an id
			for (const key of ['connection', 'altConnection'] as const) {
				if (typeof meta[key] === 'string' && !defined('connection', meta[key]))
					fail(MANIFEST, `${at}/${key}`, `no connection "${String(meta[key])}"`);
			}
			if (typeof meta.webhook === 'string' && !defined('webhook', meta.webhook))
				fail(MANIFEST, `${at}/webhook`, `no webhook "${meta.webhook}"`);
			if (type === 'module' && meta.moduleType === 'instant_trigger' && !meta.webhook)
				fail(MANIFEST, at, 'an instant_trigger module must name its webhook');
			const files = isObject(meta.codeFiles) ? meta.codeFiles : {};
			for (const [code, path] of Object.entries(files)) {
				const codeAt = `${at}/codeFiles${pointer(code)}`;
				const rule = codes[code];
				if (!rule) {
					fail(MANIFEST, codeAt, `a ${type} has no code type "${code}"`);
					if (typeof path === 'string') target(path, codeAt);
					continue;
				}
				if (typeof path !== 'string') continue;
				const file = target(path, codeAt);
				const oauth = type === 'connection' && code === 'communication';
				if (file)
					checkFile(
						file,
						rule,
						oauth && meta.connectionType === 'oauth' ? 'api-oauth.json' : rule.schema,
					);
			}
		}
	}

	// An IML file the manifest does not name would silently not be deployed.
	for (const file of app.list()) {
		if (/\.(iml\.json|imljson)$/.test(file) && !named.has(file))
			fail(file, null, `not named in ${MANIFEST}, so it would not be deployed`);
	}
	return { checked: [...checked], errors };
}

/**
 * The errors that say what is wrong, without the echoes of alternatives: anyOf/oneOf/if only
 * repeat their branches; a type error where a branch of the same value said something more
 * precise is the other branch talking; the IML-expression pattern is the alternative to an enum.
 */
function specific(errors: ErrorObject[]): ErrorObject[] {
	const composite = new Set(['anyOf', 'oneOf', 'allOf', 'if', 'then', 'else', 'not']);
	const kept = errors.filter((e) => !composite.has(e.keyword));
	const within = (path: string, parent: string) => path === parent || path.startsWith(`${parent}/`);
	return kept.filter((e) => {
		if (e.keyword === 'type')
			return !kept.some((o) => o.keyword !== 'type' && within(o.instancePath, e.instancePath));
		if (e.keyword === 'pattern')
			return !kept.some((o) => o.keyword === 'enum' && o.instancePath === e.instancePath);
		return true;
	});
}

function valueAt(value: Json, at: string): Json | undefined {
	let here: Json | undefined = value;
	for (const segment of at.split('/').slice(1)) {
		const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
		here = isObject(here) || Array.isArray(here) ? (here as Record<string, Json>)[key] : undefined;
	}
	return here;
}

/** JSON.parse, after removing comments for IML files (JSONC); reports where it fails. */
function parse(
	file: string,
	text: string,
	comments: boolean,
	fail: (file: string, at: string | null, message: string) => void,
): Json | undefined {
	try {
		return JSON.parse(comments ? withoutComments(text) : text) as Json;
	} catch (error) {
		const message = (error as Error).message;
		const position = /at position (\d+)/.exec(message)?.[1];
		const before = position === undefined ? '' : text.slice(0, Number(position));
		const where =
			position === undefined || /\(line \d+/.test(message)
				? ''
				: ` (line ${before.split('\n').length}, column ${Number(position) - before.lastIndexOf('\n')})`;
		fail(file, null, `not valid JSON${comments ? ' (comments allowed)' : ''}: ${message}${where}`);
		return undefined;
	}
}

/** Blanks `//` and `/* *\/` comments outside strings, keeping line and column positions. */
function withoutComments(text: string): string {
	let out = '';
	let i = 0;
	const blankUntil = (stop: number) => {
		for (; i < stop; i++) out += text[i] === '\n' ? '\n' : ' ';
	};
	while (i < text.length) {
		const c = text[i] ?? '';
		if (c === '"') {
			// A string, escapes included, copied as it is.
			let j = i + 1;
			while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
			out += text.slice(i, j + 1);
			i = j + 1;
		} else if (c === '/' && text[i + 1] === '/') {
			const end = text.indexOf('\n', i);
			blankUntil(end < 0 ? text.length : end);
		} else if (c === '/' && text[i + 1] === '*') {
			const end = text.indexOf('*/', i + 2);
			blankUntil(end < 0 ? text.length : end + 2);
		} else {
			out += c;
			i += 1;
		}
	}
	return out;
}

/** Every app directory under make/apps/. */
export function appDirs(appsDir = APPS_DIR): string[] {
	if (!existsSync(appsDir)) return [];
	return readdirSync(appsDir, { withFileTypes: true })
		.filter((entry) => entry.isDirectory())
		.map((entry) => join(appsDir, entry.name))
		.sort();
}

async function main(args: string[]): Promise<number> {
	let validator: AppValidator;
	try {
		validator = await loadAppValidator();
	} catch (error) {
		console.error(`make: the app check cannot run: ${(error as Error).message}`);
		return 2;
	}
	const dirs = args.length > 0 ? args : appDirs();
	if (dirs.length === 0) {
		console.error(`make: no app to check under ${APPS_DIR}`);
		return 2;
	}
	let invalid = 0;
	for (const dir of dirs) {
		const label = relative(process.cwd(), resolve(dir)) || dir;
		if (!existsSync(join(dir, MANIFEST))) {
			console.error(`${label}: no ${MANIFEST}`);
			invalid += 1;
			continue;
		}
		const report = validator.validate(appOnDisk(dir));
		for (const line of report.errors) console.error(`${label}/${line}`);
		if (report.errors.length > 0) invalid += 1;
		console.log(
			`${label}: ${report.errors.length === 0 ? 'valid' : `${report.errors.length} problem(s)`} (${report.checked.length} files against Make's schemas)`,
		);
	}
	return invalid > 0 ? 1 : 0;
}

if (require.main === module) {
	main(process.argv.slice(2)).then(
		(code) => (process.exitCode = code),
		(error: unknown) => {
			console.error(error);
			process.exitCode = 2;
		},
	);
}
