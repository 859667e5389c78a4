import { randomBytes } from 'node:crypto';
import type { SecretPolicy } from '../providers/profile';

/** A fresh signing secret in the provider's own format (`whsec_…`, 64 hex characters, …). */
export function generateSecret(policy: SecretPolicy): string {
	return policy.prefix + randomBytes(policy.bytes).toString(policy.encoding);
}
