import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod/v4';
import { providerIds } from '@hookbridge/core';
import { GatewayConfigError, type ConfigIssue } from './config-error';
import { gatewayConfigSchema, type GatewayConfig } from './gateway-config';
import type { StoreConfig } from './store-schema';
import { loadSourceProfiles } from './source-profiles';
import { substituteEnv } from './substitute-env';

/**
 * Reads, substitutes and validates the gateway's config file (YAML, or JSON, which is YAML
 * too: one parser gives both line:column errors that never quote the file). `${NAME}` in any
 * string value is the environment variable NAME; `$${` is a literal `${`. A relative SQLite
 * path is resolved against the file's directory. Throws GatewayConfigError listing every issue.
 */
export function loadGatewayConfig(
	file: string,
	env: NodeJS.ProcessEnv = process.env,
): GatewayConfig {
	const parsed = parseConfig(file, readConfig(file));
	const substituted = substituteEnv(parsed, env);
	const envIssues = substituted.issues.map(({ path, message }) => ({
		path: formatPath(path),
		message,
	}));
	const profileIssues = loadSourceProfiles(substituted.data, file);
	const result = gatewayConfigSchema.safeParse(substituted.data, { error: plainMessage });
	// A field whose variable is unset fails its own check too; the missing variable is the news.
	const envPaths = new Set(envIssues.map((issue) => issue.path));
	const schemaIssues = result.success
		? []
		: result.error.issues.flatMap(toConfigIssues).filter((issue) => !envPaths.has(issue.path));
	if (!result.success || envIssues.length > 0 || profileIssues.length > 0) {
		// A profile that did not load also fails the source's own check: its issues say why.
		const profilePaths = new Set(profileIssues.map((issue) => issue.path));
		const rest = schemaIssues.filter((issue) => !profilePaths.has(issue.path));
		throw new GatewayConfigError(file, [...envIssues, ...profileIssues, ...rest]);
	}
	return { ...result.data, store: resolveStore(result.data.store, dirname(resolve(file))) };
}

function readConfig(file: string): string {
	try {
		return readFileSync(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') throw notFound(file);
		if (code === undefined) throw error;
		throw new GatewayConfigError(file, [{ path: '', message: `cannot be read (${code})` }]);
	}
}

function notFound(file: string): GatewayConfigError {
	const message = [
		`no config file at ${resolve(file)}; create one (YAML or JSON) with at least:`,
		'  sources:',
		`    - { id: my-source, provider: <${providerIds.join(' | ')}>, secrets: ["\${MY_SOURCE_SECRET}"] }`,
		'  destinations:',
		'    - { id: my-zap, url: https://hooks.example.com/…, secret: "${RELAY_SECRET}" }',
		"(every field is in the README's gateway config reference)",
	].join('\n');
	return new GatewayConfigError(file, [{ path: '', message }], 'config_not_found');
}

function parseConfig(file: string, text: string): unknown {
	const lineCounter = new LineCounter();
	// prettyErrors would append the offending source line, which may hold a secret.
	const doc = parseDocument(text, { prettyErrors: false, lineCounter });
	const issues: ConfigIssue[] = doc.errors.map((error) => {
		const { line, col } = lineCounter.linePos(error.pos[0]);
		return { path: '', message: error.message, line, column: col };
	});
	if (issues.length > 0) throw new GatewayConfigError(file, issues);
	if (doc.contents === null) {
		const message = 'the file is empty; it needs at least sources and destinations';
		throw new GatewayConfigError(file, [{ path: '', message }]);
	}
	try {
		return doc.toJS();
	} catch (error) {
		// toJS throws on an alias without its anchor (and on alias bombs); it names no value.
		if (!(error instanceof Error)) throw error;
		throw new GatewayConfigError(file, [{ path: '', message: error.message }]);
	}
}

/** zod's defaults say "Invalid input: expected string, received undefined"; say it plainly. */
const plainMessage: z.core.$ZodErrorMap = (issue) => {
	if (issue.code !== 'invalid_type') return undefined;
	if (issue.input === undefined) return 'required';
	return `must be ${article(issue.expected)}, not ${kindOf(issue.input)}`;
};

function article(expected: string): string {
	return expected === 'array' ? 'a list' : expected === 'object' ? 'a mapping' : `a ${expected}`;
}

function kindOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
}

/** An unknown-key issue names the object; the operator wants the misspelt key itself. */
function toConfigIssues(issue: z.core.$ZodIssue): ConfigIssue[] {
	if (issue.code === 'unrecognized_keys') {
		return issue.keys.map((key) => ({
			path: formatPath([...issue.path, key]),
			message: issue.message,
		}));
	}
	return [{ path: formatPath(issue.path), message: issue.message }];
}

/** `sources[1].subscribe.apiKey`; a key that is not an identifier is quoted: `a["b c"]`. */
function formatPath(path: readonly PropertyKey[]): string {
	return path.reduce<string>((text, key) => {
		if (typeof key === 'number') return `${text}[${key}]`;
		const name = String(key);
		if (/^[A-Za-z_$][\w$-]*$/.test(name)) return text === '' ? name : `${text}.${name}`;
		return `${text}[${JSON.stringify(name)}]`;
	}, '');
}

function resolveStore(store: StoreConfig, dir: string): StoreConfig {
	if (store.kind !== 'sqlite' || store.file === ':memory:') return store;
	return { kind: 'sqlite', file: resolve(dir, store.file) };
}
