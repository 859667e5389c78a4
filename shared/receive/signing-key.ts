import type { SignatureScheme } from '../providers/profile';

const WHSEC_PREFIX = 'whsec_';

/**
 * The HMAC key bytes for a secret: Standard Webhooks keys are the base64 after `whsec_`; every
 * other scheme uses the secret's UTF-8 bytes, whole.
 */
export function signingKey(scheme: Pick<SignatureScheme, 'key'>, secret: string): Buffer | string {
	if (scheme.key !== 'whsec-base64') return secret;
	const encoded = secret.startsWith(WHSEC_PREFIX) ? secret.slice(WHSEC_PREFIX.length) : secret;
	return Buffer.from(encoded, 'base64');
}
