import { createSecretKey, type KeyObject } from 'node:crypto';
import { InvalidSecretError, WebhookVerificationError } from '../errors/webhook-error';
import { getProfile } from '../providers';
import type { Profile, SignatureScheme } from '../providers/profile';
import { signingKey } from './signing-key';

/**
 * A provider's signing secrets, made into HMAC keys once, where they are configured: pass it as
 * `secrets` to receive() and verifyDelivery() instead of the text. This is what a server that
 * receives many deliveries does (`listen`, the gateway), as svix's and Standard Webhooks'
 * `new Webhook(secret)` decode their key once. Measured in bench/receive.mjs (its "secret text"
 * row), deriving the key on every call costs about 8 % of a 1 KB Standard Webhooks receive().
 *
 * The keys are node:crypto KeyObjects in a private field: printing, logging or serialising this
 * object shows no key material, and nothing outlives the object its owner holds.
 */
export class SigningSecrets {
	readonly #keys: readonly KeyObject[];
	readonly #keyForm: SignatureScheme['key'];

	/** Use signingSecrets(); throws as it does. */
	constructor(scheme: Pick<SignatureScheme, 'key'>, secrets: string | readonly string[]) {
		const list = typeof secrets === 'string' ? [secrets] : secrets;
		// An empty string is a rotation slot left unset, as receive() reads it.
		const keys = list
			.filter((secret) => secret !== '')
			.map((secret) => createSecretKey(signingKey(scheme, secret)));
		if (keys.length === 0) throw missingSecret();
		this.#keys = keys;
		this.#keyForm = scheme.key;
	}

	/** The keys for a scheme that reads secrets as these were read; refuses any other. */
	keysFor(scheme: Pick<SignatureScheme, 'key'>): readonly KeyObject[] {
		if (scheme.key !== this.#keyForm) {
			// The same text is another key under another scheme: verifying with it could only fail.
			throw new InvalidSecretError('was prepared for a provider that reads secrets differently');
		}
		return this.#keys;
	}
}

/**
 * The profile's signing secrets as keys, checked now: a secret that cannot be a key throws
 * InvalidSecretError (`invalid_secret`), and a list with no secret throws `missing_secret`.
 */
export function signingSecrets(
	profileOrId: Profile | string,
	secrets: string | readonly string[],
): SigningSecrets {
	return new SigningSecrets(getProfile(profileOrId).signature, secrets);
}

/**
 * For a server whose secret list is configured state that can change while it runs (the demo
 * fills it once the provider has made the webhook's secret; a rotation adds one): the list's
 * keys, made again only when its content differs from the last call. Throws as signingSecrets.
 */
export function secretsPreparer(
	profileOrId: Profile | string,
): (secrets: readonly string[]) => SigningSecrets {
	const profile = getProfile(profileOrId);
	let last: { list: readonly string[]; prepared: SigningSecrets } | undefined;
	return (secrets) => {
		if (last === undefined || !sameList(last.list, secrets)) {
			// A copy: the caller's array may change in place after this call.
			last = { list: [...secrets], prepared: signingSecrets(profile, secrets) };
		}
		return last.prepared;
	};
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
	return a.length === b.length && a.every((secret, i) => secret === b[i]);
}

export function missingSecret(): WebhookVerificationError {
	return new WebhookVerificationError(
		'missing_secret',
		'No signing secret is configured, so every delivery is refused. Add the secret from the provider, or opt out of verification explicitly.',
	);
}
