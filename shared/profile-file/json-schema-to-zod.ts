import { z } from 'zod/v4';

/** A keyword of the JSON Schema subset that profile files may use, or its path when not. */
export class SchemaKeywordError extends Error {
	constructor(
		readonly path: string,
		message: string,
	) {
		super(message);
		this.name = 'SchemaKeywordError';
	}
}

type Schema = Record<string, unknown>;

/** Keywords that describe rather than constrain: accepted and ignored. */
const ANNOTATIONS = new Set([
	'$schema',
	'$id',
	'$comment',
	'title',
	'description',
	'examples',
	'default',
	'format',
	'deprecated',
	'readOnly',
	'writeOnly',
]);
const HANDLED = new Set([
	'type',
	'properties',
	'required',
	'additionalProperties',
	'items',
	'enum',
	'const',
	'anyOf',
	'oneOf',
	'minLength',
	'maxLength',
	'pattern',
	'minimum',
	'maximum',
	'exclusiveMinimum',
	'exclusiveMaximum',
	'propertyNames',
	'minItems',
	'maxItems',
]);

/**
 * The zod schema of an event's data from the JSON Schema a profile file gives it: types,
 * properties/required, additionalProperties (objects are open unless it is false), items,
 * enum/const, anyOf/oneOf, and the common length/range/pattern bounds. Any other keyword
 * ($ref, allOf, if/then, …) is refused with its path rather than silently not checked.
 */
/** Deeper than any event schema needs, and far from a stack overflow. */
const MAX_DEPTH = 64;
/**
 * A quantified group that holds a quantifier, `(a+)+` or `(\w*)*`: the shape whose
 * backtracking takes exponential time on a near miss. Refused, since patterns run on data the
 * sender controls.
 */
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[*+}](?:[^()\\]|\\.)*\)\s*[*+{]/;

export function jsonSchemaToZod(schema: unknown, path = 'schema', depth = 0): z.ZodType {
	if (depth > MAX_DEPTH) {
		throw new SchemaKeywordError(path, `nests deeper than ${MAX_DEPTH} levels`);
	}
	if (schema === true || (isObject(schema) && Object.keys(schema).length === 0)) return z.unknown();
	if (!isObject(schema)) throw new SchemaKeywordError(path, 'must be a JSON Schema object');
	for (const key of Object.keys(schema)) {
		if (!HANDLED.has(key) && !ANNOTATIONS.has(key)) {
			throw new SchemaKeywordError(
				`${path}.${key}`,
				`the JSON Schema keyword "${key}" is not supported`,
			);
		}
	}
	if ('const' in schema) return z.literal(primitive(schema.const, `${path}.const`));
	if (Array.isArray(schema.enum)) return enumOf(schema.enum, path);
	const alternatives = schema.anyOf ?? schema.oneOf;
	if (alternatives !== undefined)
		return unionOf(alternatives, `${path}.${'anyOf' in schema ? 'anyOf' : 'oneOf'}`, depth);
	const types = typeList(schema.type, path);
	// `properties` or `items` without a type: what the writer meant is plain.
	if (types.length === 0 && 'properties' in schema) types.push('object');
	if (types.length === 0 && 'items' in schema) types.push('array');
	if (types.length === 0) return z.unknown();
	const variants = types.map((type) => ofType(type, schema, path, depth));
	return variants.length === 1 ? (variants[0] as z.ZodType) : z.union(variants);
}

function ofType(type: string, schema: Schema, path: string, depth: number): z.ZodType {
	switch (type) {
		case 'string':
			return stringOf(schema, path);
		case 'number':
		case 'integer':
			return numberOf(type, schema, path);
		case 'boolean':
			return z.boolean();
		case 'null':
			return z.null();
		case 'array':
			return arrayOf(schema, path, depth);
		case 'object':
			return objectOf(schema, path, depth);
		default:
			throw new SchemaKeywordError(`${path}.type`, `"${type}" is not a JSON Schema type`);
	}
}

function stringOf(schema: Schema, path: string): z.ZodType {
	let string = z.string();
	if (typeof schema.minLength === 'number') string = string.min(schema.minLength);
	if (typeof schema.maxLength === 'number') string = string.max(schema.maxLength);
	if (typeof schema.pattern === 'string') string = string.regex(safePattern(schema.pattern, path));
	return string;
}

function numberOf(type: string, schema: Schema, _path: string): z.ZodType {
	let number = type === 'integer' ? z.number().int() : z.number();
	if (typeof schema.minimum === 'number') number = number.min(schema.minimum);
	if (typeof schema.maximum === 'number') number = number.max(schema.maximum);
	if (typeof schema.exclusiveMinimum === 'number') number = number.gt(schema.exclusiveMinimum);
	if (typeof schema.exclusiveMaximum === 'number') number = number.lt(schema.exclusiveMaximum);
	return number;
}

function arrayOf(schema: Schema, path: string, depth: number): z.ZodType {
	let array = z.array(
		schema.items === undefined
			? z.unknown()
			: jsonSchemaToZod(schema.items, `${path}.items`, depth + 1),
	);
	if (typeof schema.minItems === 'number') array = array.min(schema.minItems);
	if (typeof schema.maxItems === 'number') array = array.max(schema.maxItems);
	return array;
}

function objectOf(schema: Schema, path: string, depth: number): z.ZodType {
	const properties = schema.properties ?? {};
	if (!isObject(properties))
		throw new SchemaKeywordError(`${path}.properties`, 'must be an object');
	const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
	// No prototype: a property named __proto__ is a property.
	const shape = Object.create(null) as Record<string, z.ZodType>;
	// A key that is required but not described must still be there.
	for (const key of required)
		if (!Object.hasOwn(properties, key))
			shape[key] = z.unknown().refine((v) => v !== undefined, 'Required');
	for (const [key, inner] of Object.entries(properties)) {
		const property = jsonSchemaToZod(inner, `${path}.properties.${key}`, depth + 1);
		shape[key] = required.has(key) ? property : property.optional();
	}
	// Object keys are text in JSON, so a `propertyNames` of type string says nothing more.
	const names = schema.propertyNames;
	if (
		names !== undefined &&
		!(isObject(names) && names.type === 'string' && Object.keys(names).length === 1)
	) {
		throw new SchemaKeywordError(`${path}.propertyNames`, 'only { "type": "string" } is supported');
	}
	const extra = schema.additionalProperties;
	if (extra === false) return z.strictObject(shape);
	if (extra === undefined || extra === true) return z.looseObject(shape);
	return z
		.object(shape)
		.catchall(jsonSchemaToZod(extra, `${path}.additionalProperties`, depth + 1));
}

function enumOf(values: unknown[], path: string): z.ZodType {
	if (values.length === 0)
		throw new SchemaKeywordError(`${path}.enum`, 'must list at least one value');
	const literals = values.map((value, i) => z.literal(primitive(value, `${path}.enum.${i}`)));
	return literals.length === 1 ? (literals[0] as z.ZodType) : z.union(literals);
}

function unionOf(alternatives: unknown, path: string, depth: number): z.ZodType {
	if (!Array.isArray(alternatives) || alternatives.length === 0) {
		throw new SchemaKeywordError(path, 'must list at least one schema');
	}
	const options = alternatives.map((inner, i) => jsonSchemaToZod(inner, `${path}.${i}`, depth + 1));
	return options.length === 1 ? (options[0] as z.ZodType) : z.union(options);
}

function typeList(type: unknown, path: string): string[] {
	if (type === undefined) return [];
	if (typeof type === 'string') return [type];
	if (Array.isArray(type) && type.every((t) => typeof t === 'string')) return [...type];
	throw new SchemaKeywordError(`${path}.type`, 'must be a type name or a list of them');
}

function isObject(value: unknown): value is Schema {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function safePattern(pattern: string, path: string): RegExp {
	if (NESTED_QUANTIFIER.test(pattern)) {
		throw new SchemaKeywordError(
			`${path}.pattern`,
			'nests a quantifier inside a quantified group, which can take exponential time on a near miss',
		);
	}
	try {
		// Unicode mode, as JSON Schema patterns are: `\-` and other needless escapes are errors.
		return new RegExp(pattern, 'u');
	} catch (error) {
		throw new SchemaKeywordError(
			`${path}.pattern`,
			`is not a valid regular expression in Unicode mode (${(error as Error).message})`,
		);
	}
}

/** zod's literals are primitives: an object or list here could never match anything. */
function primitive(value: unknown, path: string): z.core.util.Literal {
	if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
		return value as z.core.util.Literal;
	}
	throw new SchemaKeywordError(path, 'only text, numbers, true, false and null are supported here');
}
