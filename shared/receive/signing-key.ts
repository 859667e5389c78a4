import type { SignatureScheme } from '../providers/profile';
import { type HmacKey, hmacKey } from './hmac-sha256';

const WHSEC_PREFIX = 'whsec_';

/**
 * Keys by scheme and secret: a receiver checks every delivery with the same few secrets, so the
 * string is decoded and the HMAC pads are worked out once, not on every call.
 */
const cache = { utf8: new Map<string, HmacKey>(), 'whsec-base64': new Map<string, HmacKey>() };
const MAX_CACHED = 64;

/**
 * The HMAC key for a secret: Standard Webhooks keys are the base64 after `whsec_`; every
 * other scheme uses the secret's UTF-8 bytes, whole.
 */
export function signingKey(scheme: Pick<SignatureScheme, 'key'>, secret: string): HmacKey {
	const keys = cache[scheme.key];
	let key = keys.get(secret);
	if (key === undefined) {
		if (scheme.key === 'whsec-base64') {
			const encoded = secret.startsWith(WHSEC_PREFIX) ? secret.slice(WHSEC_PREFIX.length) : secret;
			key = hmacKey(Buffer.from(encoded, 'base64'));
		} else {
			key = hmacKey(Buffer.from(secret, 'utf8'));
		}
		// Bounded: a process that sees many secrets (tests, a multi-tenant receiver) recomputes.
		if (keys.size >= MAX_CACHED) keys.clear();
		keys.set(secret, key);
	}
	return key;
}
