import type { Locator, Profile } from '../providers/profile';
import { formText } from './form-text';
import { signDelivery } from './sign-delivery';

export interface OutgoingEvent {
	/** The event's id, the same in every delivery of it. */
	eventId: string;
	/** This delivery's id (one event to one webhook), the same on its retries. */
	deliveryId: string;
	type: string;
	data: unknown;
	accountId?: string;
	/** ISO 8601. */
	occurredAt: string;
	test?: boolean;
	/** A whole body to send instead of the envelope (a provider's own test payload shape). */
	body?: Record<string, unknown>;
}

export interface BuiltDelivery {
	body: string;
	headers: Record<string, string>;
}

/**
 * The exact request a provider sends for an event: its envelope written where the profile's
 * envelope map reads it back, its headers, and a fresh signature. The inverse of
 * `normalizeEvent`, so the reference provider speaks each provider's format from the profile.
 * Compact JSON: raw bytes and `JSON.stringify(body)` agree, as InboundFlow's docs assume.
 */
export function buildDelivery(
	profile: Profile,
	event: OutgoingEvent,
	signing: { secret?: string; timestamp: number; url?: string },
): BuiltDelivery {
	const { envelope, signature } = profile;
	const form = profile.bodyFormat === 'form';
	const idPath = bodyPaths(envelope.id)[0];
	// Where the profile's event id is its delivery id (InboundFlow dedupes on delivery_id),
	// the id is the delivery's: stable across retries, distinct per webhook.
	const idValue =
		idPath && bodyPaths(envelope.deliveryId).includes(idPath) ? event.deliveryId : event.eventId;
	const headers = envelopeHeaders(profile, event, idValue);
	if (signature.timestampHeader) headers[signature.timestampHeader] = String(signing.timestamp);
	const body = event.body ?? envelopeBody(profile, event, idValue);
	const text = form ? formText(body) : JSON.stringify(body);
	if (signing.secret) {
		Object.assign(
			headers,
			signDelivery(profile, text, signing.secret, {
				timestamp: signing.timestamp,
				messageId: idValue,
				headers,
				...(signing.url === undefined ? {} : { url: signing.url }),
			}),
		);
	}
	return { body: text, headers };
}

/** The headers the profile reads envelope values from, and the content type and user agent. */
function envelopeHeaders(
	profile: Profile,
	event: OutgoingEvent,
	idValue: string,
): Record<string, string> {
	const { envelope } = profile;
	const headers: Record<string, string> = {
		'content-type':
			profile.bodyFormat === 'form' ? 'application/x-www-form-urlencoded' : 'application/json',
		'user-agent': profile.delivery.userAgent,
	};
	for (const name of headerNames(envelope.id)) headers[name] = idValue;
	for (const name of headerNames(envelope.type)) headers[name] = event.type;
	for (const name of headerNames(envelope.deliveryId)) headers[name] ??= event.deliveryId;
	for (const name of headerNames(envelope.occurredAt)) headers[name] ??= event.occurredAt;
	if (event.accountId !== undefined) {
		for (const name of headerNames(envelope.accountId)) headers[name] ??= event.accountId;
	}
	if (event.test) for (const name of headerNames(envelope.test)) headers[name] = 'true';
	return headers;
}

/** The body: the envelope written where the profile reads it back, around the data. */
function envelopeBody(
	profile: Profile,
	event: OutgoingEvent,
	idValue: string,
): Record<string, unknown> {
	const { envelope } = profile;
	const idPath = bodyPaths(envelope.id)[0];
	let body: Record<string, unknown> = {};
	if (idPath && !idPath.includes('.')) body[idPath] = idValue;
	setFirst(body, envelope.type, event.type);
	setFirst(body, envelope.accountId, event.accountId);
	setFirst(body, envelope.occurredAt, event.occurredAt);
	for (const path of bodyPaths(envelope.deliveryId))
		if (path !== idPath) body[path] = event.deliveryId;
	const data = event.data && typeof event.data === 'object' ? { ...event.data } : event.data;
	// A flat profile's data is the body itself, beside the envelope keys, which win.
	if (envelope.dataKey === '' && data && typeof data === 'object') body = { ...data, ...body };
	else body[envelope.dataKey] = data;
	// Envelope values nested in the body (Flowella's data.id, Slack's event.type, GitHub's
	// repository.owner.login) are written along their paths, copying what they pass through.
	if (idPath?.includes('.')) setPath(body, idPath, idValue);
	setNested(body, envelope.type, event.type);
	setNested(body, envelope.accountId, event.accountId);
	setNested(body, envelope.occurredAt, event.occurredAt);
	return inSampleOrder(profile, body);
}

const keyOrders = new WeakMap<Profile, string[]>();

/** Envelope keys in the order the provider's own samples show them. */
function inSampleOrder(profile: Profile, body: Record<string, unknown>): Record<string, unknown> {
	let order = keyOrders.get(profile);
	if (!order) {
		const template = profile.events.find((e) => Object.hasOwn(e.sample, profile.envelope.dataKey));
		order = Object.keys(template?.sample ?? {});
		keyOrders.set(profile, order);
	}
	const ordered: Record<string, unknown> = {};
	for (const key of order) if (Object.hasOwn(body, key)) ordered[key] = body[key];
	return Object.assign(ordered, body);
}

function bodyPaths(locators: Locator[] | undefined): string[] {
	return (locators ?? []).flatMap((l) => ('body' in l ? [l.body] : []));
}

function headerNames(locators: Locator[] | undefined): string[] {
	return (locators ?? []).flatMap((l) => ('header' in l ? [l.header] : []));
}

/** Writes a top-level key (the first body locator); nested envelope keys are not used. */
function setFirst(body: Record<string, unknown>, locators: Locator[] | undefined, value: unknown) {
	const path = bodyPaths(locators)[0];
	if (path && value !== undefined && !path.includes('.')) body[path] = value;
}

function setNested(body: Record<string, unknown>, locators: Locator[] | undefined, value: unknown) {
	const path = bodyPaths(locators)[0];
	if (path?.includes('.') && value !== undefined) setPath(body, path, value);
}

/** Writes `value` at a dotted path, copying each object on the way so no caller's is changed. */
function setPath(body: Record<string, unknown>, path: string, value: unknown): void {
	const keys = path.split('.');
	let current = body;
	for (const key of keys.slice(0, -1)) {
		const next = current[key];
		const copy = next && typeof next === 'object' && !Array.isArray(next) ? { ...next } : {};
		current[key] = copy;
		current = copy as Record<string, unknown>;
	}
	current[keys[keys.length - 1] ?? ''] = value;
}
