import type { SignatureScheme } from '../providers/profile';

const WHSEC_PREFIX = 'whsec_';

/** Decoded whsec keys by secret: a receiver checks every delivery with the same few secrets. */
const decoded = new Map<string, Buffer>();
const MAX_DECODED = 64;

/**
 * The HMAC key bytes for a secret: Standard Webhooks keys are the base64 after `whsec_`; every
 * other scheme uses the secret's UTF-8 bytes, whole.
 */
export function signingKey(scheme: Pick<SignatureScheme, 'key'>, secret: string): Buffer | string {
	if (scheme.key !== 'whsec-base64') return secret;
	let key = decoded.get(secret);
	if (key === undefined) {
		const encoded = secret.startsWith(WHSEC_PREFIX) ? secret.slice(WHSEC_PREFIX.length) : secret;
		key = Buffer.from(encoded, 'base64');
		if (decoded.size >= MAX_DECODED) decoded.clear();
		decoded.set(secret, key);
	}
	return key;
}
