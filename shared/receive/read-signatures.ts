import { WebhookVerificationError } from '../errors/webhook-error';
import type { SignatureScheme } from '../providers/profile';
import type { HeaderMap } from './header-map';

/**
 * A 32-byte HMAC-SHA256 digest as providers print it: 64 lower-case hex characters or 44
 * base64 characters. Signatures are compared as this text, exactly, so only it can match.
 */
const DIGEST_FORMAT = { hex: /^[0-9a-f]{64}$/, base64: /^[A-Za-z0-9+/]{43}=$/ } as const;
/** Bounds the work one header can ask for: a sender signs with a few secrets at most. */
const MAX_SIGNATURES = 16;

/**
 * The signatures a delivery's signature header carries, as text after the scheme's prefix.
 * Throws `missing_signature` when there is none and `malformed_signature` when the header
 * cannot hold one (repeated, wrong prefix, too many entries).
 *
 * In a list (Standard Webhooks), entries are `version,signature[,…]` separated by spaces:
 * entries of another version are skipped, and of ours the field after the version is taken,
 * as the reference library and svix read it, since the spec accepts any signature that matches.
 */
export function readSignatures(scheme: SignatureScheme, headers: HeaderMap): string[] {
	const values = headers.get(scheme.header);
	if (values === undefined || values.every(isBlank)) {
		throw new WebhookVerificationError(
			'missing_signature',
			`The ${scheme.header} header is missing. Only signed deliveries are accepted.`,
		);
	}
	if (values.length > 1) throw malformed(scheme, 'was sent more than once');
	const value = values[0] ?? '';
	if (scheme.multiple) return readList(scheme, value);
	if (!value.startsWith(scheme.prefix))
		throw malformed(scheme, `must start with "${scheme.prefix}"`);
	return [value.slice(scheme.prefix.length)];
}

function readList(scheme: SignatureScheme, value: string): string[] {
	// Nearly always one signature: no split, no filter.
	const entries = value.includes(' ') ? value.split(' ').filter((entry) => entry !== '') : [value];
	if (entries.length > MAX_SIGNATURES) throw malformed(scheme, 'holds too many signatures');
	const signatures: string[] = [];
	for (const entry of entries) {
		if (!entry.startsWith(scheme.prefix)) continue;
		const end = entry.indexOf(',', scheme.prefix.length);
		signatures.push(entry.slice(scheme.prefix.length, end < 0 ? undefined : end));
	}
	if (signatures.length === 0) throw malformed(scheme, `has no "${scheme.prefix}" signature`);
	return signatures;
}

/**
 * Called once no signature matched: `malformed_signature` when none of them is even a digest
 * (a sender or proxy bug worth telling apart from a wrong secret). The outcome is the same as
 * checking the format first; checking it last keeps it off the path of every valid delivery.
 */
export function assertSomeDigest(scheme: SignatureScheme, signatures: readonly string[]): void {
	const format = DIGEST_FORMAT[scheme.encoding];
	if (!signatures.some((signature) => format.test(signature))) {
		throw malformed(scheme, `must hold a ${scheme.encoding} HMAC-SHA256 digest`);
	}
}

function isBlank(value: string): boolean {
	// A signature never starts with whitespace: only then is trimming worth a new string.
	return value.length === 0 || (value.charCodeAt(0) <= 32 && value.trim() === '');
}

function malformed(scheme: SignatureScheme, problem: string): WebhookVerificationError {
	return new WebhookVerificationError(
		'malformed_signature',
		`The ${scheme.header} header ${problem}.`,
	);
}
