import { createHash, createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';
import { WebhookError, WebhookVerificationError } from '../errors/webhook-error';
import type { SignatureScheme } from '../providers/profile';
import type { HeaderMap } from './header-map';
import { assertSomeDigest, readSignatures } from './read-signatures';
import { bodyHashParam, signedContent, type ContentSource } from './signed-content';

export interface VerifyInput {
	headers: HeaderMap;
	/** The exact bytes received; a string is taken as its UTF-8 bytes. */
	body: Buffer | string;
	/** The URL the provider called, for schemes that sign it (Twilio). */
	url?: string;
	/** HMAC keys of the configured secrets (see signingKey); several during a rotation. */
	keys: readonly (Buffer | KeyObject)[];
	nowMs: number;
	toleranceSeconds: number;
	/** Lazily parsed body, shared with the rest of the pipeline (compact-JSON fallback only). */
	parse: () => unknown;
}

const TIMESTAMP_FORMAT = /^\d{1,12}$/;

/**
 * Checks a delivery's signature against every key, over the exact raw bytes, as octokit's
 * verify does: node:crypto's HMAC of the scheme's signed content printed as the provider prints
 * it, then a length check and timingSafeEqual on the bytes of the two texts. Throws a
 * WebhookVerificationError whose code says what was wrong; returns nothing.
 */
export function verifySignature(scheme: SignatureScheme, input: VerifyInput): void {
	const { signatures, fields } = readSignatures(scheme, input.headers);
	const source: ContentSource = {
		body: input.body,
		header: (name) => signedHeader(input.headers, name),
		timestamp: readTimestamp(scheme, fields, input),
		url: () => requestUrl(input),
	};
	const content = signedContent(scheme, source);
	if (scheme.bodyHash) checkBodyHash(scheme, input);
	if (input.keys.some((key) => matches(signatures, hmac(scheme, key, content)))) return;
	if (scheme.compactJsonFallback && matchesCompactJson(scheme, signatures, content, input)) return;
	assertSomeDigest(scheme, signatures);
	throw new WebhookVerificationError(
		'signature_mismatch',
		'The signature does not match this body with any configured secret. Check that the secret is the one this webhook was created with.',
	);
}

function hmac(
	scheme: SignatureScheme,
	key: Buffer | KeyObject,
	content: readonly (Buffer | string)[],
): string {
	const mac = createHmac(scheme.algorithm, key);
	// Strings are UTF-8; the body goes in as the bytes received.
	for (const piece of content) if (piece.length > 0) mac.update(piece);
	return mac.digest(scheme.encoding);
}

/**
 * Whether any sent signature is exactly the expected text, each compared in constant time.
 * As UTF-8 bytes, so two texts are equal bytes only when they are equal text.
 */
function matches(signatures: readonly string[], expected: string): boolean {
	const wanted = Buffer.from(expected, 'utf8');
	let found = false;
	// Every signature is compared, so timing does not tell which one matched.
	for (const signature of signatures) {
		const given = Buffer.from(signature, 'utf8');
		if (given.length === wanted.length && timingSafeEqual(given, wanted)) found = true;
	}
	return found;
}

function signedHeader(headers: HeaderMap, name: string): string {
	const values = headers.get(name);
	if (values === undefined || values.length !== 1 || values[0] === '') {
		throw new WebhookVerificationError(
			'missing_signature',
			`The ${name} header must be sent once; it is part of what is signed.`,
		);
	}
	return values[0] ?? '';
}

function requestUrl(input: VerifyInput): string {
	if (input.url === undefined || input.url === '') {
		throw new WebhookError(
			'missing_url',
			'This provider signs the URL it called, and the receiver was not given it. Pass the public URL of the webhook (delivery.url).',
		);
	}
	return input.url;
}

/** The signed unix seconds as sent ('' for schemes that sign none), checked against the clock. */
function readTimestamp(
	scheme: SignatureScheme,
	fields: ReadonlyMap<string, string>,
	input: VerifyInput,
): string {
	const { timestampHeader, timestampField } = scheme;
	if (timestampHeader === undefined && timestampField === undefined) return '';
	const where = timestampHeader
		? `The ${timestampHeader} header`
		: `The "${timestampField ?? ''}" field of the ${scheme.header} header`;
	const values = timestampHeader ? input.headers.get(timestampHeader) : [];
	const value = timestampHeader ? values?.[0] : fields.get(timestampField ?? '');
	if (value === undefined || value === '') {
		throw new WebhookVerificationError(
			'missing_timestamp',
			`${where} is missing; it is part of what is signed.`,
		);
	}
	if ((values?.length ?? 0) > 1 || !TIMESTAMP_FORMAT.test(value)) {
		throw new WebhookVerificationError(
			'malformed_timestamp',
			`${where} must be sent once, as whole unix seconds.`,
		);
	}
	checkAge(scheme, Math.floor(input.nowMs / 1000) - Number(value), input.toleranceSeconds);
	return value;
}

function checkAge(scheme: SignatureScheme, age: number, tolerance: number): void {
	if (age > tolerance) {
		throw new WebhookVerificationError(
			'timestamp_too_old',
			`The delivery is more than ${tolerance} s old; it may be a replay. Check the receiver's clock if this repeats.`,
		);
	}
	if (scheme.timestampWindow === 'both' && -age > tolerance) {
		throw new WebhookVerificationError(
			'timestamp_too_new',
			`The delivery is dated more than ${tolerance} s in the future. Check the receiver's clock.`,
		);
	}
}

/** Where the signed URL carries a hash of the body (Twilio's JSON form), the body must match it. */
function checkBodyHash(scheme: SignatureScheme, input: VerifyInput): void {
	const hash = scheme.bodyHash;
	const sent = hash ? bodyHashParam(scheme, requestUrl(input)) : null;
	if (!hash || sent === null) return;
	const wanted = Buffer.from(createHash(hash.algorithm).update(input.body).digest(hash.encoding));
	const given = Buffer.from(sent, 'utf8');
	if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
		throw new WebhookVerificationError(
			'signature_mismatch',
			`The body does not match the ${hash.param} hash in the signed URL.`,
		);
	}
}

/** The provider's own sample code signs `JSON.stringify(body)`: accept that form too. */
function matchesCompactJson(
	scheme: SignatureScheme,
	signatures: readonly string[],
	content: readonly (Buffer | string)[],
	input: VerifyInput,
): boolean {
	let compact: string;
	try {
		compact = JSON.stringify(input.parse());
	} catch {
		// Unparseable: this form cannot apply; the caller reports the signature mismatch.
		return false;
	}
	const recomputed = content.map((piece, i) =>
		scheme.content[i]?.part === 'body' ? compact : piece,
	);
	return input.keys.some((key) => matches(signatures, hmac(scheme, key, recomputed)));
}
