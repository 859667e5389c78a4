import { createHmac, timingSafeEqual } from 'node:crypto';
import { WebhookVerificationError } from '../errors/webhook-error';
import type { SignatureScheme } from '../providers/profile';
import type { HeaderMap } from './header-map';
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
	const keys = input.secrets.map((secret) => signingKey(scheme, secret));
	const encoding = scheme.encoding;
	if (keys.some((key) => matches(signatures, digest(key, prefix, input.body, encoding)))) return;
	if (scheme.compactJsonFallback && matchesCompactJson(signatures, keys, prefix, encoding, input)) {
		return;
	}
	throw new WebhookVerificationError(
		'signature_mismatch',
		'The signature does not match this body with any configured secret. Check that the secret is the one this webhook was created with.',
	);
}

function readSignatures(scheme: SignatureScheme, headers: HeaderMap): Buffer[] {
	const values = headers.get(scheme.header);
	if (values === undefined || values.length === 0 || values.every((v) => v.trim() === '')) {
		throw new WebhookVerificationError(
			'missing_signature',
			`The ${scheme.header} header is missing. Only signed deliveries are accepted.`,
		);
	}
	if (values.length > 1) throw malformed(scheme, 'was sent more than once');
	const entries = scheme.multiple
		? (values[0] ?? '').split(' ').filter(Boolean)
		: [values[0] ?? ''];
	if (entries.length > MAX_SIGNATURES) throw malformed(scheme, 'holds too many signatures');
	const signatures: Buffer[] = [];
	for (const entry of entries) {
		if (!entry.startsWith(scheme.prefix)) {
			// Standard Webhooks lists signatures of several versions; only ours count.
			if (scheme.multiple) continue;
			throw malformed(scheme, `must start with "${scheme.prefix}"`);
		}
		const encoded = entry.slice(scheme.prefix.length);
		if (!DIGEST_FORMAT[scheme.encoding].test(encoded)) {
			throw malformed(scheme, `must hold a ${scheme.encoding} HMAC-SHA256 digest`);
		}
		// Hex (lower-case enforced above) is compared as bytes; base64 as text, since a
		// non-canonical last character decodes to the same bytes.
		signatures.push(Buffer.from(encoded, scheme.encoding === 'hex' ? 'hex' : 'latin1'));
	}
	if (signatures.length === 0) throw malformed(scheme, `has no "${scheme.prefix}" signature`);
	return signatures;
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

/** The expected signature in the form `readSignatures` keeps: raw bytes (hex) or base64 text. */
function digest(
	key: Buffer | string,
	prefix: string,
	body: Buffer | string,
	encoding: SignatureScheme['encoding'],
): Buffer {
	const hmac = createHmac('sha256', key);
	if (prefix) hmac.update(prefix, 'utf8');
	if (typeof body === 'string') hmac.update(body, 'utf8');
	else hmac.update(body);
	return encoding === 'hex' ? hmac.digest() : Buffer.from(hmac.digest('base64'), 'latin1');
}

function matches(signatures: Buffer[], expected: Buffer): boolean {
	let found = false;
	// Compare against every signature so timing does not reveal which one matched.
	for (const signature of signatures) {
		if (signature.length === expected.length && timingSafeEqual(signature, expected)) found = true;
	}
	return found;
}

/** The provider's own sample code signs `timestamp.JSON.stringify(body)`: accept that form too. */
function matchesCompactJson(
	signatures: Buffer[],
	keys: (Buffer | string)[],
	prefix: string,
	encoding: SignatureScheme['encoding'],
	input: VerifyInput,
): boolean {
	let compact: string;
	try {
		compact = JSON.stringify(input.parse());
	} catch {
		// Unparseable: this form cannot apply; the caller reports the signature mismatch.
		return false;
	}
	return keys.some((key) => matches(signatures, digest(key, prefix, compact, encoding)));
}

function malformed(scheme: SignatureScheme, problem: string): WebhookVerificationError {
	return new WebhookVerificationError(
		'malformed_signature',
		`The ${scheme.header} header ${problem}.`,
	);
}
