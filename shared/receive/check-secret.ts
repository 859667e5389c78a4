import { getProfile } from '../providers';
import type { Profile } from '../providers/profile';
import { signingKey } from './signing-key';

/**
 * Refuses, where a secret is configured (a CLI flag, a connection test, a credential), a secret
 * that cannot be this provider's HMAC key: throws InvalidSecretError (`invalid_secret`), whose
 * message says what is wrong without repeating the secret. receive() checks again regardless.
 */
export function checkSecret(profileOrId: Profile | string, secret: string): void {
	signingKey(getProfile(profileOrId).signature, secret);
}
