import { z } from 'zod/v4';
import { gatewayConfigSchema } from './gateway-config';

/** The subset of JSON Schema that z.toJSONSchema emits for this schema. */
interface JsonSchema {
	type?: string;
	description?: string;
	default?: unknown;
	enum?: unknown[];
	pattern?: string;
	minimum?: number;
	maximum?: number;
	minItems?: number;
	maxItems?: number;
	items?: JsonSchema;
	properties?: Record<string, JsonSchema>;
	required?: string[];
	additionalProperties?: boolean | JsonSchema;
}

interface Row {
	path: string;
	schema: JsonSchema;
	required: boolean;
}

/**
 * The config file's reference as a Markdown table (field, type, default, description), made
 * from the schema itself so the README cannot drift from what the loader accepts. Input-side
 * JSON Schema: the fields as written in the file, before defaults and parsing.
 */
export function configReference(): string {
	const root = z.toJSONSchema(gatewayConfigSchema, {
		io: 'input',
		unrepresentable: 'any',
		// A source's `profile` is written as a file path; the loader puts the profile there.
		override: (ctx) => {
			if (ctx.zodSchema._zod.def.type === 'custom') ctx.jsonSchema.type = 'string';
		},
	}) as JsonSchema;
	const lines = ['| Field | Type | Default | Description |', '| --- | --- | --- | --- |'];
	for (const row of fieldRows(root, '')) {
		const cells = [`\`${row.path}\``, typeOf(row.schema), defaultOf(row), row.schema.description];
		lines.push(`| ${cells.map((cell) => cell?.replace(/\|/g, '\\|') ?? '').join(' | ')} |`);
	}
	return `${lines.join('\n')}\n`;
}

/** Every field of an object, depth first: `listen.port`, `sources[].id`, `sources[].subscribe.*`. */
function fieldRows(object: JsonSchema, prefix: string): Row[] {
	const rows: Row[] = [];
	for (const [key, schema] of Object.entries(object.properties ?? {})) {
		const path = prefix + key;
		rows.push({ path, schema, required: object.required?.includes(key) ?? false });
		const inner = schema.type === 'array' ? schema.items : schema;
		if (inner?.type === 'object')
			fieldRows(inner, `${path}${inner === schema ? '' : '[]'}.`).forEach((row) => rows.push(row));
	}
	const extra = object.additionalProperties;
	if (typeof extra === 'object')
		rows.push({ path: `${prefix}<credential>`, schema: extra, required: false });
	return rows;
}

function typeOf(schema: JsonSchema): string {
	if (schema.enum) return `one of ${schema.enum.map((value) => `\`${String(value)}\``).join(', ')}`;
	if (schema.type === 'array') {
		const limits = [
			schema.minItems === undefined ? '' : `at least ${schema.minItems}`,
			schema.maxItems === undefined ? '' : `at most ${schema.maxItems}`,
		].filter(Boolean);
		const items =
			schema.items?.type === 'object'
				? 'objects'
				: typeOf(schema.items ?? {}).replace(/^(string|integer|boolean)\b/, '$1s');
		return [`list of ${items}`, ...limits].join(', ');
	}
	if (schema.type === 'integer') return `integer ${range(schema)}`.trim();
	if (schema.pattern) return `string matching \`${schema.pattern}\``;
	return schema.type ?? 'any';
}

function range({ minimum, maximum }: JsonSchema): string {
	const bounded = maximum !== undefined && maximum < Number.MAX_SAFE_INTEGER;
	if (minimum !== undefined && bounded) return `${minimum}–${maximum}`;
	if (minimum !== undefined) return `≥ ${minimum}`;
	return bounded ? `≤ ${maximum}` : '';
}

function defaultOf(row: Row): string {
	if (row.schema.default !== undefined) return `\`${JSON.stringify(row.schema.default)}\``;
	return row.required ? 'required' : '—';
}
