import type { Profile } from '@hookbridge/core';

export type CredentialDefinition = Record<string, { type: 'text' | 'password' }>;

/**
 * The credentials a node type declares for its profiles: a manual-mode provider's signing
 * secret and the one before it, and every API field the profiles name (secret ones hidden).
 * Node-RED keeps only declared credentials, so one node type for several profiles declares
 * them all and each profile uses its own.
 */
export function nodeCredentials(profiles: readonly Profile[]): CredentialDefinition {
	const definition: CredentialDefinition = {
		signingSecret: { type: 'password' },
		previousSigningSecret: { type: 'password' },
	};
	for (const profile of profiles) {
		for (const field of profile.api?.credentials ?? []) {
			const type = field.secret || definition[field.key]?.type === 'password' ? 'password' : 'text';
			definition[field.key] = { type };
		}
	}
	return definition;
}

/** The fields a profile needs that the node type cannot hold, if any. */
export function missingCredentials(profile: Profile, definition: CredentialDefinition): string[] {
	return (profile.api?.credentials ?? [])
		.map((f) => f.key)
		.filter((key) => !Object.hasOwn(definition, key));
}
