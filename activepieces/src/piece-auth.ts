import { PieceAuth, Property } from '@activepieces/pieces-framework';
import type { Profile } from '../../shared/providers/profile';
import { secretProblem as sharedSecretProblem } from '../../shared/receive/secret-problem';

type AuthProps = Parameters<typeof PieceAuth.CustomAuth>[0]['props'];

/**
 * The connection for a profile: an API provider's keys and base URL (the trigger subscribes
 * with them), or a manual-mode provider's signing secret (the trigger verifies with it).
 * Saving a connection checks what can be checked here: a secret that cannot be a key.
 */
export function pieceAuth(profile: Profile) {
	return profile.api ? apiAuth(profile, profile.api) : manualAuth(profile);
}

function apiAuth(profile: Profile, api: NonNullable<Profile['api']>) {
	const props: AuthProps = {};
	for (const field of api.credentials) {
		const common = {
			displayName: field.label,
			description: field.description,
			required: field.required,
		};
		props[field.key] = field.secret ? PieceAuth.SecretText(common) : Property.ShortText(common);
	}
	props.baseUrl = Property.ShortText({
		displayName: 'API base URL',
		description: 'Change only for a self-hosted or reference instance',
		required: false,
		defaultValue: api.baseUrl,
	});
	return PieceAuth.CustomAuth({
		displayName: `${profile.name} API`,
		description: `The ${profile.name} API keys the trigger subscribes with.`,
		required: true,
		props,
	});
}

function manualAuth(profile: Profile) {
	const props: AuthProps = {
		signingSecret: PieceAuth.SecretText({
			displayName: 'Signing secret',
			description: `The signing secret ${profile.name} shows for the webhook`,
			required: !profile.secret.optional,
		}),
		previousSigningSecret: PieceAuth.SecretText({
			displayName: 'Previous signing secret',
			description: 'During a rotation, the old secret; both are accepted until you clear it',
			required: false,
		}),
	};
	if (profile.secret.optional) {
		props.allowUnsigned = Property.Checkbox({
			displayName: 'Accept unsigned deliveries',
			description: `Only if you set no secret in ${profile.name}`,
			required: false,
			defaultValue: false,
		});
	}
	return PieceAuth.CustomAuth({
		displayName: `${profile.name} webhook secret`,
		description: [`The signing secret from ${profile.name}.`, profile.manualSetup ?? ''].join(' '),
		required: true,
		props,
		validate: async ({ auth }) => {
			const problem = secretProblem(profile, connectionProps(auth));
			return problem ? { valid: false, error: problem } : { valid: true };
		},
	});
}

/** A connection's values: `auth.props` where the engine wraps them, else the values themselves. */
export function connectionProps(auth: unknown): Record<string, unknown> {
	const value = (auth ?? {}) as { props?: unknown };
	return (value.props && typeof value.props === 'object' ? value.props : (auth ?? {})) as Record<
		string,
		unknown
	>;
}

/** What is wrong with a manual-mode connection's secrets, if anything (`invalid_secret: …`). */
export function secretProblem(
	profile: Profile,
	props: Record<string, unknown>,
): string | undefined {
	return sharedSecretProblem(
		profile,
		['signingSecret', 'previousSigningSecret'].map((key) => [key, props[key]] as const),
	);
}
