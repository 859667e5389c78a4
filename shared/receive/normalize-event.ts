import { createHash } from 'node:crypto';
import type { EventDefinition, Locator, Profile } from '../providers/profile';
import { headerValue, type HeaderMap } from './header-map';
import { isUnsafeInteger, unsafeNumber } from './inspect-payload';
import { readPath } from './read-path';
import type { NormalizedEvent } from './types';
import { validateData } from './validate-data';

export interface NormalizeInput {
	headers: HeaderMap;
	body: Record<string, unknown>;
	raw: Buffer | string;
	nowMs: number;
	verified: boolean;
}

const catalogs = new WeakMap<Profile, Map<string, EventDefinition>>();

/** The profile's events by type, built once per profile. */
export function eventCatalog(profile: Profile): Map<string, EventDefinition> {
	let catalog = catalogs.get(profile);
	if (!catalog) {
		catalog = new Map(profile.events.map((event) => [event.type, event]));
		catalogs.set(profile, catalog);
	}
	return catalog;
}

/** Identifies, validates and reshapes a verified, parsed delivery into the common envelope. */
export function normalizeEvent(profile: Profile, input: NormalizeInput): NormalizedEvent {
	const { envelope } = profile;
	const type = text(firstValue(envelope.type, input)) ?? 'unknown';
	const definition = eventCatalog(profile).get(type);
	const data = extractData(profile, input.body);
	const event: NormalizedEvent = {
		id: text(firstValue(envelope.id, input)) ?? derivedId(input.raw),
		type,
		provider: profile.id,
		occurredAt:
			toIsoTime(firstValue(envelope.occurredAt, input)) ?? new Date(input.nowMs).toISOString(),
		deliveryId: text(firstValue(envelope.deliveryId, input)) ?? null,
		accountId: text(firstValue(envelope.accountId, input)) ?? null,
		category: definition?.category ?? categoryOf(profile, type) ?? null,
		test: profile.testEventTypes.includes(type) || truthy(firstValue(envelope.test, input)),
		known: definition !== undefined,
		verified: input.verified,
		data,
		validation: definition ? validateData(definition.schema, data) : { ok: true, issues: [] },
	};
	return event;
}

function firstValue(locators: Locator[] | undefined, input: NormalizeInput): unknown {
	if (locators === undefined) return undefined;
	for (const locator of locators) {
		const value =
			'body' in locator
				? readPath(input.body, locator.body)
				: headerValue(input.headers, locator.header);
		if (value !== undefined && value !== null && value !== '') return value;
	}
	return undefined;
}

function extractData(profile: Profile, body: Record<string, unknown>): unknown {
	const { dataKey, flatKeys } = profile.envelope;
	if (dataKey !== '' && Object.hasOwn(body, dataKey)) return body[dataKey];
	// Flat bodies (`{ event: 'listing.updated', listing_id: 123 }`): the rest is the data.
	const data: Record<string, unknown> = {};
	for (const key of Object.keys(body)) {
		if (flatKeys.includes(key)) continue;
		// A plain assignment to "__proto__" would set the copy's prototype and lose the key.
		if (key === '__proto__')
			Object.defineProperty(data, key, {
				value: body[key],
				enumerable: true,
				writable: true,
				configurable: true,
			});
		else data[key] = body[key];
	}
	return data;
}

function categoryOf(profile: Profile, type: string): string | undefined {
	// Most profiles have no categories: skip the split for every event of theirs.
	if (!profile.categories) return undefined;
	const prefix = type.split('.', 1)[0];
	return profile.categories?.find((category) => category.id === prefix)?.id;
}

function text(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) {
		// JSON.parse already rounded it: two different events could share the id, and the
		// second would be dropped as a duplicate. Refused, whatever the receiver's options.
		if (isUnsafeInteger(value)) throw unsafeNumber();
		return String(value);
	}
	return undefined;
}

function truthy(value: unknown): boolean {
	return value === true || value === 'true' || value === '1' || value === 1;
}

const CANONICAL_ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** ISO strings pass through normalised; numbers are unix seconds (or ms when that large). */
function toIsoTime(value: unknown): string | undefined {
	// Already what toISOString() would print: skip the parse-and-print round trip.
	if (typeof value === 'string' && CANONICAL_ISO.test(value)) return value;
	let ms: number;
	if (typeof value === 'number') ms = value < 1e12 ? value * 1000 : value;
	else if (typeof value === 'string' && /^\d{1,13}$/.test(value))
		ms = Number(value) * (value.length > 12 ? 1 : 1000);
	else if (typeof value === 'string') ms = Date.parse(value);
	else return undefined;
	return Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : undefined;
}

/** No id anywhere in the delivery: the body's hash is stable across retries of the same event. */
function derivedId(raw: Buffer | string): string {
	return `sha256_${createHash('sha256').update(raw).digest('hex').slice(0, 32)}`;
}
