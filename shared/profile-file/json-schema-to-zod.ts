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
export function jsonSchemaToZod(schema: unknown, path = 'schema'): z.ZodType {
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
	if ('const' in schema) return z.literal(schema.const as z.core.util.Literal);
	if (Array.isArray(schema.enum)) return enumOf(schema.enum, path);
	const alternatives = schema.anyOf ?? schema.oneOf;
	if (alternatives !== undefined)
		return unionOf(alternatives, `${path}.${'anyOf' in schema ? 'anyOf' : 'oneOf'}`);
	const types = typeList(schema.type, path);
	// `properties` or `items` without a type: what the writer meant is plain.
	if (types.length === 0 && 'properties' in schema) types.push('object');
	if (types.length === 0 && 'items' in schema) types.push('array');
	if (types.length === 0) return z.unknown();
	const variants = types.map((type) => ofType(type, schema, path));
	return variants.length === 1 ? (variants[0] as z.ZodType) : z.union(variants);
}

function ofType(type: string, schema: Schema, path: string): z.ZodType {
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
			return arrayOf(schema, path);
		case 'object':
			return objectOf(schema, path);
		default:
			throw new SchemaKeywordError(`${path}.type`, `"${type}" is not a JSON Schema type`);
	}
}

function stringOf(schema: Schema, path: string): z.ZodType {
	let string = z.string();
	if (typeof schema.minLength === 'number') string = string.min(schema.minLength);
	if (typeof schema.maxLength === 'number') string = string.max(schema.maxLength);
	if (typeof schema.pattern === 'string') {
		try {
			string = string.regex(new RegExp(schema.pattern, 'u'));
		} catch {
			throw new SchemaKeywordError(`${path}.pattern`, 'is not a valid regular expression');
		}
	}
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

function arrayOf(schema: Schema, path: string): z.ZodType {
	let array = z.array(
		schema.items === undefined ? z.unknown() : jsonSchemaToZod(schema.items, `${path}.items`),
	);
	if (typeof schema.minItems === 'number') array = array.min(schema.minItems);
	if (typeof schema.maxItems === 'number') array = array.max(schema.maxItems);
	return array;
}

function objectOf(schema: Schema, path: string): z.ZodType {
	const properties = schema.properties ?? {};
	if (!isObject(properties))
		throw new SchemaKeywordError(`${path}.properties`, 'must be an object');
	const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
	const shape: Record<string, z.ZodType> = {};
	for (const [key, inner] of Object.entries(properties)) {
		const property = jsonSchemaToZod(inner, `${path}.properties.${key}`);
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
	return z.object(shape).catchall(jsonSchemaToZod(extra, `${path}.additionalProperties`));
}

function enumOf(values: unknown[], path: string): z.ZodType {
	if (values.length === 0)
		throw new SchemaKeywordError(`${path}.enum`, 'must list at least one value');
	const literals = values.map((value) => z.literal(value as z.core.util.Literal));
	return literals.length === 1 ? (literals[0] as z.ZodType) : z.union(literals);
}

function unionOf(alternatives: unknown, path: string): z.ZodType {
	if (!Array.isArray(alternatives) || alternatives.length === 0) {
		throw new SchemaKeywordError(path, 'must list at least one schema');
	}
	const options = alternatives.map((inner, i) => jsonSchemaToZod(inner, `${path}.${i}`));
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
