import type Ajv from 'ajv';
import { posix } from 'node:path';
import type { AppFiles } from './app-files';
import { problemLine, type AppReport, type Fail } from './app-report';
import { checkAgainst } from './check-against';
import type { CodeRule } from './code-rules';
import type { Json } from './json';
import { parseJson } from './parse-json';
import { MANIFEST } from './paths';

/** The state of checking one app: what was read, what the manifest named, what is wrong. */
export interface AppCheck {
	readonly app: AppFiles;
	readonly fail: Fail;
	/** Every path the manifest names, normalised, whether its file exists or not. */
	readonly named: ReadonlySet<string>;
	/** Reads a file of the app and counts it as checked, whether it exists or not. */
	read(file: string): string | undefined;
	/** Parses a file's text; undefined (and a problem) if it is not JSON. */
	parse(file: string, text: string, comments: boolean): Json | undefined;
	against(schema: string, file: string, value: Json): void;
	/** Reads, parses and checks one file the manifest names. */
	checkFile(file: string, rule: CodeRule, schema?: string | null): void;
	/** A manifest path, normalised; refused if it leaves the app. */
	target(path: string, at: string): string | undefined;
	report(): AppReport;
}

export function appCheck(ajv: Ajv, app: AppFiles): AppCheck {
	const checked = new Set<string>();
	const errors: string[] = [];
	const named = new Set<string>();
	const fail: Fail = (file, at, message) => errors.push(problemLine(file, at, message));
	const read = (file: string) => {
		checked.add(file);
		return app.read(file);
	};
	const parse = (file: string, text: string, comments: boolean) =>
		parseJson(file, text, comments, fail);
	const against = (schema: string, file: string, value: Json) =>
		checkAgainst(ajv, schema, file, value, fail);
	return {
		app,
		fail,
		named,
		read,
		parse,
		against,
		checkFile: (file, rule, schema = rule.schema) => {
			const text = read(file);
			if (text === undefined) return fail(file, null, `named in ${MANIFEST} but does not exist`);
			if (rule.format === 'text') return;
			const value = parse(file, text, rule.format === 'iml');
			if (value !== undefined && schema) against(schema, file, value);
		},
		target: (path, at) => {
			const norm = posix.normalize(path);
			if (norm.startsWith('../') || posix.isAbsolute(norm)) {
				fail(MANIFEST, at, `"${path}" is outside the app`);
				return undefined;
			}
			named.add(norm);
			return norm;
		},
		report: () => ({ checked: [...checked], errors }),
	};
}
