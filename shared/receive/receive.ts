import type { KeyObject } from 'node:crypto';
import {
	DuplicateEventError,
	InvalidSecretError,
	PayloadTooLargeError,
} from '../errors/webhook-error';
import { getProfile } from '../providers';
import type { Profile } from '../providers/profile';
import { type HeaderMap, normalizeHeaders } from './header-map';
import { inspectPayload } from './inspect-payload';
import { MemoryDedupeStore } from './memory-dedupe-store';
import { normalizeEvent } from './normalize-event';
import { parseBody } from './parse-body';
import { useSignatureHeaders } from './signature-headers';
import { signingKey } from './signing-key';
import { missingSecret, SigningSecrets } from './signing-secrets';
import type { Delivery, DedupeStore, NormalizedEvent, ReceiveOptions } from './types';
import { verifySignature } from './verify-signature';

export const DEFAULT_MAX_BYTES = 1024 * 1024;
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** Shared by every call that does not bring its own store: one process, one memory of events. */
export const defaultDedupeStore = new MemoryDedupeStore();

/**
 * Verifies a delivery and returns it as a normalised event, without dedupe: size limit, then
 * the signature over the exact raw bytes, then parse, identify, validate, normalise.
 * Throws a WebhookError (stable `code`, HTTP `status`) on any refusal.
 */
export function verifyDelivery(
	profileOrId: Profile | string,
	delivery: Delivery,
	options: ReceiveOptions = {},
): NormalizedEvent {
	return verifyAt(getProfile(profileOrId), delivery, options, clock(options.now));
}

function verifyAt(
	profile: Profile,
	delivery: Delivery,
	options: ReceiveOptions,
	nowMs: number,
): NormalizedEvent {
	const { body } = delivery;
	const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
	const size = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length;
	if (size > maxBytes) throw new PayloadTooLargeError(maxBytes);

	const headers = normalizeHeaders(delivery.headers);
	useSignatureHeaders(profile.signature, headers);
	let parsed: Record<string, unknown> | undefined;
	const format = bodyFormat(profile, headers);
	const parse = () => (parsed ??= parseBody(body, format));

	if (!options.skipVerification) {
		verifySignature(profile.signature, {
			headers,
			body,
			url: delivery.url,
			keys: signingKeys(profile, options.secrets),
			nowMs,
			toleranceSeconds: options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
			parse,
		});
	}
	if (options.strictJson) inspectPayload(parse());
	return normalizeEvent(profile, {
		headers,
		body: parse(),
		raw: body,
		nowMs,
		verified: !options.skipVerification,
	});
}

/**
 * `verifyDelivery`, then dedupe by provider + event id. A repeat throws DuplicateEventError
 * carrying the event. A caller whose processing fails afterwards calls `forgetEvent` so the
 * provider's retry is processed rather than dropped.
 */
export function receive(
	profileOrId: Profile | string,
	delivery: Delivery,
	options: ReceiveOptions = {},
): Promise<NormalizedEvent> {
	// Not an async function: with the synchronous in-memory store the whole call settles
	// without a microtask, which is a measurable share of a 1 KB delivery's cost.
	try {
		const profile = getProfile(profileOrId);
		const nowMs = clock(options.now);
		const event = verifyAt(profile, delivery, options, nowMs);
		const store = dedupeStore(options);
		if (!store) return Promise.resolve(event);
		const ttl = profile.delivery.retryWindowSeconds;
		const seen = store.rememberEvent
			? store.rememberEvent(event.provider, event.id, ttl, nowMs)
			: store.remember(dedupeKey(event), ttl, nowMs);
		if (typeof seen === 'boolean') {
			return seen ? Promise.reject(new DuplicateEventError(event)) : Promise.resolve(event);
		}
		return seen.then((duplicate) => {
			if (duplicate) throw new DuplicateEventError(event);
			return event;
		});
	} catch (error) {
		return Promise.reject(error);
	}
}

/** Undoes the dedupe record of an event whose processing failed. */
export async function forgetEvent(
	event: Pick<NormalizedEvent, 'provider' | 'id'>,
	options: Pick<ReceiveOptions, 'dedupe'> = {},
): Promise<void> {
	const store = dedupeStore(options);
	if (store?.forgetEvent) await store.forgetEvent(event.provider, event.id);
	else await store?.forget(dedupeKey(event));
}

export function dedupeKey(event: Pick<NormalizedEvent, 'provider' | 'id'>): string {
	return `${event.provider}:${event.id}`;
}

function dedupeStore(options: Pick<ReceiveOptions, 'dedupe'>): DedupeStore | undefined {
	if (options.dedupe === false) return undefined;
	return options.dedupe ?? defaultDedupeStore;
}

/**
 * The HMAC keys of the configured secrets: prepared ones as they are, text made into keys now.
 * An empty string is a slot left unset (no previous secret during a rotation) and is skipped;
 * any other secret must be a usable key, or the call fails with `invalid_secret` before
 * anything is verified.
 */
function signingKeys(
	profile: Profile,
	secrets: ReceiveOptions['secrets'],
): readonly (Buffer | KeyObject)[] {
	if (secrets instanceof SigningSecrets) return secrets.keysFor(profile.signature);
	// Anything else that is not text (a SigningSecrets of another copy of this package, a
	// clone of one) is a typed refusal, not a TypeError that answers 500 to every retry.
	if (secrets !== undefined && typeof secrets !== 'string' && !Array.isArray(secrets)) {
		throw new InvalidSecretError('must be text, a list of texts, or made by signingSecrets()');
	}
	const list = typeof secrets === 'string' ? [secrets] : (secrets ?? []);
	const keys: Buffer[] = [];
	for (const secret of list) if (secret !== '') keys.push(signingKey(profile.signature, secret));
	if (keys.length === 0) throw missingSecret();
	return keys;
}

/**
 * How to read the body: the profile's format, except that a form-posting provider's JSON
 * deliveries (Twilio's `bodySHA256` ones) say so in their content type. Read only after the
 * signature is checked, so the header can change how an authentic body is read, never whether
 * it is accepted.
 */
function bodyFormat(profile: Profile, headers: HeaderMap): 'json' | 'form' {
	if (profile.bodyFormat !== 'form') return 'json';
	const type = headers.get('content-type')?.[0] ?? '';
	return /^application\/([\w.+-]+\+)?json\b/i.test(type) ? 'json' : 'form';
}

function clock(now: ReceiveOptions['now']): number {
	if (now === undefined) return Date.now();
	return typeof now === 'number' ? now : now.getTime();
}
