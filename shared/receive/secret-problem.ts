import { WebhookError } from '../errors/webhook-error';
import type { Profile } from '../providers/profile';
import { checkSecret } from './check-secret';

/**
 * What is wrong with the signing secrets a platform's credential holds, if anything, as one
 * line a platform can show (`invalid_secret: Signing Secret: …`): the first secret that cannot
 * be a key for the profile's scheme. Empty slots are skipped; no secret appears in the line.
 */
export function secretProblem(
	profile: Profile,
	secrets: ReadonlyArray<readonly [label: string, secret: unknown]>,
): string | undefined {
	for (const [label, secret] of secrets) {
		if (typeof secret !== 'string' || secret === '') continue;
		try {
			checkSecret(profile, secret);
		} catch (error) {
			// checkSecret throws only InvalidSecretError; anything else is reported the same way.
			const code = error instanceof WebhookError ? error.code : 'invalid_secret';
			return `${code}: ${label}: ${error instanceof Error ? error.message : String(error)}`;
		}
	}
	return undefined;
}
