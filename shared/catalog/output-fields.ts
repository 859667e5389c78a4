import type { NormalizedEvent } from '../receive/types';

export interface OutputField {
	/** Nested keys joined with `__`, as Zapier and Make flatten them. */
	key: string;
	label: string;
	type: 'string' | 'integer' | 'number' | 'boolean' | 'datetime' | 'array' | 'object';
}

const ENVELOPE_LABELS: Record<string, string> = {
	id: 'Event ID',
	type: 'Event Type',
	provider: 'Provider',
	occurredAt: 'Occurred At',
	deliveryId: 'Delivery ID',
	accountId: 'Account ID',
	category: 'Category',
	test: 'Is Test',
	known: 'Is Known Type',
	verified: 'Signature Verified',
};

/** The fields of a normalised event (envelope, then its data, flattened), for output schemas. */
export function outputFields(event: NormalizedEvent): OutputField[] {
	const fields: OutputField[] = Object.keys(ENVELOPE_LABELS).map((key) => ({
		key,
		label: ENVELOPE_LABELS[key] ?? key,
		type:
			key === 'occurredAt'
				? 'datetime'
				: ['test', 'known', 'verified'].includes(key)
					? 'boolean'
					: 'string',
	}));
	flatten(event.data, 'data', 'Data', fields);
	fields.push({ key: 'validation__ok', label: 'Matches Schema', type: 'boolean' });
	return fields;
}

function flatten(value: unknown, key: string, label: string, into: OutputField[]): void {
	if (value && typeof value === 'object' && !Array.isArray(value)) {
		for (const [child, inner] of Object.entries(value))
			flatten(inner, `${key}__${child}`, `${label} ${humanize(child)}`, into);
		return;
	}
	into.push({ key, label, type: typeOf(value, key) });
}

function typeOf(value: unknown, key: string): OutputField['type'] {
	if (Array.isArray(value)) return 'array';
	if (typeof value === 'boolean') return 'boolean';
	if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
	if (
		typeof value === 'string' &&
		/(_at|At|_date|date|time_start|time_end)$/.test(key) &&
		!Number.isNaN(Date.parse(value))
	)
		return 'datetime';
	return 'string';
}

/** `listing_id` → `Listing ID`, `callerPhone` → `Caller Phone`. */
export function humanize(key: string): string {
	return key
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.split(/[_\s.]+/)
		.filter(Boolean)
		.map((word) =>
			/^(id|url|api)$/i.test(word) ? word.toUpperCase() : word[0]?.toUpperCase() + word.slice(1),
		)
		.join(' ');
}
