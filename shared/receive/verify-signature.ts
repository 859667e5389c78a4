import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';
import { WebhookVerificationError } from '../errors/webhook-error';
import type { SignatureScheme } from '../providers/profile';
import type { HeaderMap } from './header-map';
import { assertSomeDigest, readSignatures } from './read-signatures';

export interface VerifyInput {
	headers: HeaderMap;
	/** The exact bytes received; a string is taken as its UTF-8 bytes. */
	body: Buffer | string;
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
 * verify does: node:crypto's HMAC-SHA256 printed as the provider prints it, then a length
 * check and timingSafeEqual on the bytes of the two texts. Throws a WebhookVerificationError
 * whose code says what was wrong; returns nothing.
 */
export function verifySignature(scheme: SignatureScheme, input: VerifyInput): void {
	const signatures = readSignatures(scheme, input.headers);
	const timestamp = scheme.timestampHeader ? readTimestamp(scheme.timestampHeader, input) : '';
	const prefix = signedPrefix(scheme, input.headers, timestamp);
	const encoding = scheme.encoding;
	if (input.keys.some((key) => matches(signatures, hmac(key, prefix, input.body, encoding)))) {
		return;
	}
	if (scheme.compactJsonFallback && matchesCompactJson(scheme, signatures, prefix, input)) return;
	assertSomeDigest(scheme, signatures);
	throw new WebhookVerificationError(
		'signature_mismatch',
		'The signature does not match this body with any configured secret. Check that the secret is the one this webhook was created with.',
	);
}

function hmac(
	key: Buffer | KeyObject,
	prefix: string,
	body: Buffer | string,
	encoding: 'hex' | 'base64',
) {
	const mac = createHmac('sha256', key);
	// Schemes that sign the body alone have no prefix to add.
	if (prefix !== '') mac.update(prefix, 'utf8');
	return mac.update(body).digest(encoding);
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
	return input.keys.some((key) => matches(signatures, hmac(key, prefix, compact, scheme.encoding)));
}
