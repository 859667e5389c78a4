import { InvalidSecretError } from '../errors/webhook-error';
import type { SignatureScheme } from '../providers/profile';

const WHSEC_PREFIX = 'whsec_';
/** Standard base64 (not base64url), padded or not: what Svix and the spec's libraries issue. */
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The HMAC key bytes of a secret: its UTF-8 bytes, whole (most providers, Stripe's `whsec_`
 * secrets too); base64; or the base64 after `whsec_` (Standard Webhooks). A secret that cannot
 * be a key (empty, blank, empty after the prefix, not base64 where base64 is required) throws
 * InvalidSecretError: an empty key would let anyone sign. Decoded on every call and not kept:
 * it costs well under a microsecond, and no copy of the key outlives the check.
 */
export function signingKey(scheme: Pick<SignatureScheme, 'key'>, secret: string): Buffer {
	if (typeof secret !== 'string') throw new InvalidSecretError('is not text');
	if (secret.trim() === '') throw new InvalidSecretError('is empty');
	if (scheme.key === 'utf8') return Buffer.from(secret, 'utf8');
	const whsec = scheme.key === 'whsec-base64';
	const encoded =
		whsec && secret.startsWith(WHSEC_PREFIX) ? secret.slice(WHSEC_PREFIX.length) : secret;
	if (encoded === '') throw new InvalidSecretError(`is empty after "${WHSEC_PREFIX}"`);
	// Buffer.from(…, 'base64') skips characters it does not know and decodes what is left, so a
	// typo would silently become another (or an empty) key: the text is checked first.
	if (!isBase64(encoded)) {
		throw new InvalidSecretError(
			whsec ? `must be "${WHSEC_PREFIX}" followed by base64` : 'must be base64',
		);
	}
	return Buffer.from(encoded, 'base64');
}

function isBase64(text: string): boolean {
	if (!BASE64.test(text)) return false;
	const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
	// One character past a whole group holds no byte; padding only ever completes a group.
	return (text.length - padding) % 4 !== 1 && (padding === 0 || text.length % 4 === 0);
}
