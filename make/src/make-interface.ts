import { z } from 'zod/v4';
import { humanize, type Profile } from '@hookbridge/core';

/** One field of a Make interface or data structure (Make's own types: text, never string). */
export interface MakeField {
	name: string;
	label?: string;
	type: 'text' | 'number' | 'integer' | 'boolean' | 'date' | 'array' | 'collection' | 'any';
	spec?: MakeField[] | MakeField;
}

type JsonSchema = {
	type?: string | string[];
	properties?: Record<string, JsonSchema>;
	items?: JsonSchema;
	format?: string;
	anyOf?: JsonSchema[];
};

/** A zod schema as Make fields, through zod's own JSON Schema export. */
export function fieldsFromSchema(schema: z.ZodType): MakeField[] {
	const json = z.toJSONSchema(schema, { unrepresentable: 'any' }) as JsonSchema;
	return Object.entries(json.properties ?? {}).map(([name, property]) => field(name, property));
}

function field(name: string, schema: JsonSchema): MakeField {
	const label = humanize(name);
	const type = Array.isArray(schema.type)
		? schema.type.find((t) => t !== 'null')
		: (schema.type ?? schema.anyOf?.find((s) => s.type !== 'null')?.type);
	if (type === 'object')
		return {
			name,
			label,
			type: 'collection',
			spec: Object.entries(schema.properties ?? {}).map(([n, p]) => field(n, p)),
		};
	if (type === 'array') {
		const items = schema.items ? field('value', schema.items) : undefined;
		return items && items.type !== 'any'
			? { name, label, type: 'array', spec: items }
			: { name, label, type: 'array' };
	}
	if (type === 'integer') return { name, label, type: 'integer' };
	if (type === 'number') return { name, label, type: 'number' };
	if (type === 'boolean') return { name, label, type: 'boolean' };
	if (type === 'string')
		return { name, label, type: /(_at|At|timestamp)$/.test(name) ? 'date' : 'text' };
	return { name, label, type: 'any' };
}

/** Every catalogued event's data fields merged by name (first definition wins), for one interface. */
export function unionOfDataFields(profile: Profile): MakeField[] {
	const merged = new Map<string, MakeField>();
	for (const event of profile.events)
		for (const f of fieldsFromSchema(event.schema)) if (!merged.has(f.name)) merged.set(f.name, f);
	return [...merged.values()];
}

/** The normalised envelope as Make fields; `data` holds `dataFields`. */
export function envelopeFields(dataFields: MakeField[]): MakeField[] {
	return [
		{ name: 'id', label: 'Event ID (stable across retries: dedupe on it)', type: 'text' },
		{ name: 'type', label: 'Event Type', type: 'text' },
		{ name: 'provider', label: 'Provider', type: 'text' },
		{ name: 'occurredAt', label: 'Occurred At', type: 'date' },
		{ name: 'deliveryId', label: 'Delivery ID', type: 'text' },
		{ name: 'accountId', label: 'Account ID', type: 'text' },
		{ name: 'verified', label: 'Signature Verified in Make', type: 'boolean' },
		{ name: 'data', label: 'Data', type: 'collection', spec: dataFields },
	];
}
