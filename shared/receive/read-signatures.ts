import { WebhookVerificationError } from '../errors/webhook-error';
import type { DigestEncoding, HashAlgorithm, SignatureScheme } from '../providers/profile';
import type { HeaderMap } from './header-map';

/** Bounds the work one header can ask for: a sender signs with a few secrets at most. */
const MAX_ENTRIES = 16;
const DIGEST_BYTES: Record<HashAlgorithm, number> = { sha1: 20, sha256: 32, sha512: 64 };

/** What a signature header holds: the signatures, and its other `k=v` fields (`fields` only). */
export interface SignatureHeader {
	signatures: string[];
	fields: Map<string, string>;
}

const NO_FIELDS: Map<string, string> = new Map();

/**
 * The signatures a delivery's signature header carries, as text after the scheme's prefix.
 * Throws `missing_signature` when there is none and `malformed_signature` when the header
 * cannot hold one (repeated, wrong prefix, too many entries).
 *
 * In a list (Standard Webhooks), entries are `version,signature[,…]` separated by spaces:
 * entries of another version are skipped, and of ours the field after the version is taken,
 * as the reference library and svix read it. In fields (Stripe), every value of the scheme's
 * field is a signature, as Stripe's libraries read `v1`; other keys (`v0`, `t`) are kept aside.
 */
export function readSignatures(scheme: SignatureScheme, headers: HeaderMap): SignatureHeader {
	const values = headers.get(scheme.header);
	if (values === undefined || values.every(isBlank)) {
		throw new WebhookVerificationError(
			'missing_signature',
			`The ${scheme.header} header is missing. Only signed deliveries are accepted.`,
		);
	}
	if (values.length > 1) throw malformed(scheme, 'was sent more than once');
	const value = values[0] ?? '';
	if (scheme.format === 'list') return { signatures: readList(scheme, value), fields: NO_FIELDS };
	if (scheme.format === 'fields') return readFields(scheme, value);
	if (!value.startsWith(scheme.prefix))
		throw malformed(scheme, `must start with "${scheme.prefix}"`);
	return { signatures: [value.slice(scheme.prefix.length)], fields: NO_FIELDS };
}

function readList(scheme: SignatureScheme, value: string): string[] {
	// Nearly always one signature: no split, no filter.
	const entries = value.includes(' ') ? value.split(' ').filter((entry) => entry !== '') : [value];
	if (entries.length > MAX_ENTRIES) throw malformed(scheme, 'holds too many signatures');
	const signatures: string[] = [];
	for (const entry of entries) {
		if (!entry.startsWith(scheme.prefix)) continue;
		const end = entry.indexOf(',', scheme.prefix.length);
		signatures.push(entry.slice(scheme.prefix.length, end < 0 ? undefined : end));
	}
	if (signatures.length === 0) throw malformed(scheme, `has no "${scheme.prefix}" signature`);
	return signatures;
}

function readFields(scheme: SignatureScheme, value: string): SignatureHeader {
	const entries = value.split(',');
	if (entries.length > MAX_ENTRIES) throw malformed(scheme, 'holds too many fields');
	const signatures: string[] = [];
	const fields = new Map<string, string>();
	for (const entry of entries) {
		const equals = entry.indexOf('=');
		if (equals <= 0) continue;
		// Exact, as Stripe's libraries read it: ` v1` is not `v1`.
		const key = entry.slice(0, equals);
		const field = entry.slice(equals + 1);
		if (key === scheme.field) {
			if (field.startsWith(scheme.prefix)) signatures.push(field.slice(scheme.prefix.length));
		} else if (fields.has(key)) {
			// Two timestamps (or any other field twice) leave it unclear which one was signed.
			throw malformed(scheme, `holds "${key}" more than once`);
		} else fields.set(key, field);
	}
	if (signatures.length === 0) throw malformed(scheme, `has no "${scheme.field ?? ''}" signature`);
	return { signatures, fields };
}

/**
 * Called once no signature matched: `malformed_signature` when none of them is even a digest
 * of the scheme's hash (a sender or proxy bug worth telling apart from a wrong secret). The
 * outcome is the same as checking the format first; checking it last keeps it off the path of
 * every valid delivery.
 */
export function assertSomeDigest(scheme: SignatureScheme, signatures: readonly string[]): void {
	const format = digestFormat(scheme.algorithm, scheme.encoding);
	if (!signatures.some((signature) => format.test(signature))) {
		throw malformed(
			scheme,
			`must hold a ${scheme.encoding} HMAC-${scheme.algorithm.toUpperCase()} digest`,
		);
	}
}

/** A digest as providers print it: lower-case hex, or padded standard base64. */
function digestFormat(algorithm: HashAlgorithm, encoding: DigestEncoding): RegExp {
	const bytes = DIGEST_BYTES[algorithm];
	if (encoding === 'hex') return new RegExp(`^[0-9a-f]{${bytes * 2}}$`);
	const padding = (3 - (bytes % 3)) % 3;
	const characters = Math.ceil(bytes / 3) * 4 - padding;
	return new RegExp(`^[A-Za-z0-9+/]{${characters}}={${padding}}$`);
}

function isBlank(value: string): boolean {
	// A signature never starts with whitespace: only then is trimming worth a new string.
	return value.length === 0 || (value.charCodeAt(0) <= 32 && value.trim() === '');
}

export function malformed(scheme: SignatureScheme, problem: string): WebhookVerificationError {
	return new WebhookVerificationError(
		'malformed_signature',
		`The ${scheme.header} header ${problem}.`,
	);
}
