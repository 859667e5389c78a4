import { WebhookVerificationError } from '../errors/webhook-error';
import type { SignatureScheme } from '../providers/profile';
import type { HeaderMap } from './header-map';
import { hmacSha256 } from './hmac-sha256';
import { signingKey } from './signing-key';

export interface VerifyInput {
	headers: HeaderMap;
	/** The exact bytes received; a string is taken as its UTF-8 bytes. */
	body: Buffer | string;
	secrets: readonly string[];
	nowMs: number;
	toleranceSeconds: number;
	/** Lazily parsed body, shared with the rest of the pipeline (compact-JSON fallback only). */
	parse: () => unknown;
}

/**
 * A 32-byte HMAC-SHA256 digest as providers print it: 64 lower-case hex characters or 44
 * base64 characters. Signatures are compared as that text, so an upper-cased digit or a
 * non-canonical base64 tail is a different signature, as in the providers' own sample code.
 */
const DIGEST_FORMAT = { hex: /^[0-9a-f]{64}$/, base64: /^[A-Za-z0-9+/]{43}=$/ } as const;
const MAX_SIGNATURES = 16;
const TIMESTAMP_FORMAT = /^\d{1,12}$/;

/**
 * Checks a delivery's signature against every secret, over the exact raw bytes, in constant
 * time. Throws a WebhookVerificationError whose code says what was wrong; returns nothing.
 */
export function verifySignature(scheme: SignatureScheme, input: VerifyInput): void {
	const signatures = readSignatures(scheme, input.headers);
	const timestamp = scheme.timestampHeader ? readTimestamp(scheme.timestampHeader, input) : '';
	const prefix = signedPrefix(scheme, input.headers, timestamp);
	const encoding = scheme.encoding;
	let matched = false;
	for (const secret of input.secrets) {
		// The expected signature as the provider prints it (a text digest is also the cheaper one).
		const expected = hmacSha256(signingKey(scheme, secret), prefix, input.body, encoding);
		if (matches(signatures, expected)) matched = true;
	}
	// The format is checked after comparing, off the hot path: a lone signature that matched is a
	// well-formed digest by construction. The outcome is the same as checking first.
	if (matched && signatures.length === 1) return;
	assertDigestFormat(scheme, signatures);
	if (matched) return;
	if (scheme.compactJsonFallback && matchesCompactJson(scheme, signatures, prefix, input)) return;
	throw new WebhookVerificationError(
		'signature_mismatch',
		'The signature does not match this body with any configured secret. Check that the secret is the one this webhook was created with.',
	);
}

/** The signatures after the scheme's prefix, as sent (hex or base64 text). */
function readSignatures(scheme: SignatureScheme, headers: HeaderMap): string[] {
	const values = headers.get(scheme.header);
	if (values === undefined || values.length === 0 || values.every(isBlank)) {
		throw new WebhookVerificationError(
			'missing_signature',
			`The ${scheme.header} header is missing. Only signed deliveries are accepted.`,
		);
	}
	if (values.length > 1) throw malformed(scheme, 'was sent more than once');
	const value = values[0] ?? '';
	if (!scheme.multiple) {
		if (!value.startsWith(scheme.prefix))
			throw malformed(scheme, `must start with "${scheme.prefix}"`);
		return [value.slice(scheme.prefix.length)];
	}
	// Usually one signature: no split, no filter.
	const entries = value.includes(' ') ? value.split(' ').filter(Boolean) : [value];
	if (entries.length > MAX_SIGNATURES) throw malformed(scheme, 'holds too many signatures');
	const signatures: string[] = [];
	for (const entry of entries) {
		// Standard Webhooks lists signatures of several versions; only ours count.
		if (!entry.startsWith(scheme.prefix)) continue;
		signatures.push(entry.slice(scheme.prefix.length));
	}
	if (signatures.length === 0) throw malformed(scheme, `has no "${scheme.prefix}" signature`);
	return signatures;
}

/**
 * Hex must be lower-case and base64 canonical, as the providers print them: signatures are
 * compared as text, so an upper-cased digit or another base64 tail is a different signature.
 */
function assertDigestFormat(scheme: SignatureScheme, signatures: readonly string[]): void {
	const format = DIGEST_FORMAT[scheme.encoding];
	if (signatures.some((signature) => !format.test(signature))) {
		throw malformed(scheme, `must hold a ${scheme.encoding} HMAC-SHA256 digest`);
	}
}

function readTimestamp(header: string, input: VerifyInput): string {
	const values = input.headers.get(header);
	if (values === undefined || values.length === 0 || values[0] === '') {
		throw new WebhookVerificationError(
			'missing_timestamp',
			`The ${header} header is missing; it is part of what is signed.`,
		);
	}
	const value = values[0] ?? '';
	if (values.length > 1 || !TIMESTAMP_FORMAT.test(value)) {
		throw new WebhookVerificationError(
			'malformed_timestamp',
			`The ${header} header must be sent once, as whole unix seconds.`,
		);
	}
	const age = Math.floor(input.nowMs / 1000) - Number(value);
	if (age > input.toleranceSeconds) {
		throw new WebhookVerificationError(
			'timestamp_too_old',
			`The delivery is more than ${input.toleranceSeconds} s old; it may be a replay. Check the receiver's clock if this repeats.`,
		);
	}
	if (-age > input.toleranceSeconds) {
		throw new WebhookVerificationError(
			'timestamp_too_new',
			`The delivery is dated more than ${input.toleranceSeconds} s in the future. Check the receiver's clock.`,
		);
	}
	return value;
}

/** What is signed before the body: '', `timestamp.` or `id.timestamp.`. */
function signedPrefix(scheme: SignatureScheme, headers: HeaderMap, timestamp: string): string {
	if (scheme.content === 'body') return '';
	if (scheme.content === 'timestamp.body') return `${timestamp}.`;
	const idHeader = scheme.idHeader ?? '';
	const ids = headers.get(idHeader);
	if (ids === undefined || ids.length !== 1 || ids[0] === '') {
		throw new WebhookVerificationError(
			'missing_signature',
			`The ${idHeader} header must be sent once; it is part of what is signed.`,
		);
	}
	return `${ids[0]}.${timestamp}.`;
}

function matches(signatures: readonly string[], expected: string): boolean {
	let found = false;
	// Compare against every signature so timing does not reveal which one matched.
	for (const signature of signatures) {
		if (constantTimeEqual(signature, expected)) found = true;
	}
	return found;
}

/**
 * Equal digest texts, in time that depends only on their length (a digest's length is public):
 * every character is compared, the differences folded together, no early exit.
 */
function constantTimeEqual(given: string, expected: string): boolean {
	const length = expected.length;
	if (given.length !== length) return false;
	let difference = 0;
	for (let i = 0; i < length; i++) difference |= given.charCodeAt(i) ^ expected.charCodeAt(i);
	return difference === 0;
}

/** The provider's own sample code signs `timestamp.JSON.stringify(body)`: accept that form too. */
function matchesCompactJson(
	scheme: SignatureScheme,
	signatures: readonly string[],
	prefix: string,
	input: VerifyInput,
): boolean {
	let compact: string;
	try {
		compact = JSON.stringify(input.parse());
	} catch {
		// Unparseable: this form cannot apply; the caller reports the signature mismatch.
		return false;
	}
	return input.secrets.some((secret) =>
		matches(signatures, hmacSha256(signingKey(scheme, secret), prefix, compact, scheme.encoding)),
	);
}

function isBlank(value: string): boolean {
	// A signature never starts with whitespace: only then is trimming worth an allocation.
	return value.length === 0 || (value.charCodeAt(0) <= 32 && value.trim() === '');
}

function malformed(scheme: SignatureScheme, problem: string): WebhookVerificationError {
	return new WebhookVerificationError(
		'malformed_signature',
		`The ${scheme.header} header ${problem}.`,
	);
}
