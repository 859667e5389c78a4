import { checkSecret, type Profile, WebhookError } from '@hookbridge/core';

/** A mistake in how the command was called: exit code 2, like other Unix tools. */
export class UsageError extends Error {
	readonly code: string;

	constructor(message: string, code = 'usage') {
		super(message);
		this.name = 'UsageError';
		this.code = code;
	}
}

export function collect(value: string, previous: string[]): string[] {
	return [...previous, value];
}

export function integerOption(name: string, value: string | undefined): number | undefined {
	if (value === undefined) return undefined;
	if (!/^\d+$/.test(value)) throw new UsageError(`${name} takes a whole number, got "${value}".`);
	return Number(value);
}

/**
 * Refuses, before anything listens or reads a body, a secret that cannot be the provider's key
 * (`invalid_secret`, exit 2): never a secret that would verify nothing, or anything.
 */
export function checkSecretFlags(profile: Profile, flag: string, secrets: readonly string[]): void {
	for (const secret of secrets) {
		try {
			checkSecret(profile, secret);
		} catch (error) {
			if (error instanceof WebhookError)
				throw new UsageError(`${flag}: ${error.message}`, error.code);
			throw error;
		}
	}
}
