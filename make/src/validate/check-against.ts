import type Ajv from 'ajv';
import type { ErrorObject } from 'ajv';
import type { Fail } from './app-report';
import { valueAt, type Json } from './json';
import { ValidatorUnavailableError } from './validator-unavailable-error';

/** Checks a parsed file against a loaded schema: one problem per specific ajv error. */
export function checkAgainst(ajv: Ajv, schema: string, file: string, value: Json, fail: Fail) {
	const check = ajv.getSchema(schema);
	if (!check) throw new ValidatorUnavailableError(`schema ${schema} not loaded`);
	if (check(value)) return;
	for (const e of specific(check.errors ?? []))
		fail(file, e.instancePath, `${e.message ?? e.keyword}${detail(e, value)} (${schema})`);
}

/** What ajv's message leaves out: the property refused, or the value not in the enum. */
function detail(e: ErrorObject, value: Json): string {
	if (e.keyword === 'additionalProperties') return ` "${String(e.params.additionalProperty)}"`;
	if (e.keyword === 'enum') return ` (got ${JSON.stringify(valueAt(value, e.instancePath))})`;
	return '';
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
