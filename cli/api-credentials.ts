import { type Command, Option } from 'commander';
import type { Credentials, Profile } from '@hookbridge/core';
import { collect, UsageError } from './usage-error';

export interface ApiFlags {
	apiKey?: string;
	account?: string;
	/** Old name of --account. */
	workspace?: string;
	credential?: string[];
	baseUrl?: string;
}

/** The management-API flags; keys may also come from the environment, out of shell history. */
export function addApiOptions(command: Command): Command {
	return (
		command
			.option('--api-key <key>', 'the provider API key (or HOOKBRIDGE_API_KEY)')
			.option(
				'--account <id>',
				'the account or workspace id, for APIs that need one besides the key (or HOOKBRIDGE_ACCOUNT)',
			)
			// The flag's earlier name, kept hidden so scripts that use it keep working.
			.addOption(new Option('--workspace <id>').hideHelp())
			.option(
				'--credential <key=value>',
				"any other credential field the provider's API takes; repeat",
				collect,
				[],
			)
			.option(
				'--base-url <url>',
				"the provider's API base URL (default: its real one; a reference provider's persona URL to rehearse)",
			)
	);
}

export function hasApiKey(flags: ApiFlags): boolean {
	return Boolean(flags.apiKey ?? process.env.HOOKBRIDGE_API_KEY);
}

export function credentialsFor(profile: Profile, flags: ApiFlags): Credentials {
	if (!profile.api) {
		throw new UsageError(
			`${profile.name} has no management API: configure its webhook in its dashboard.`,
		);
	}
	const apiKey = flags.apiKey ?? process.env.HOOKBRIDGE_API_KEY;
	if (!apiKey) throw new UsageError('--api-key (or HOOKBRIDGE_API_KEY) is required for this.');
	const credentials: Credentials = { apiKey, ...(flags.baseUrl ? { baseUrl: flags.baseUrl } : {}) };
	for (const pair of flags.credential ?? []) {
		const equals = pair.indexOf('=');
		const key = pair.slice(0, equals);
		if (equals <= 0 || !profile.api.credentials.some((field) => field.key === key)) {
			const keys = profile.api.credentials.map((field) => field.key).join(', ');
			throw new UsageError(
				`--credential takes key=value with a key of ${profile.name}'s: ${keys}.`,
			);
		}
		credentials[key] = pair.slice(equals + 1);
	}
	const account =
		flags.account ??
		flags.workspace ??
		process.env.HOOKBRIDGE_ACCOUNT ??
		process.env.HOOKBRIDGE_WORKSPACE;
	const field = profile.api.credentials.find((candidate) => candidate.role === 'account');
	if (account && !field) throw new UsageError(`${profile.name}'s API takes no account id.`);
	if (account && field) credentials[field.key] = account;
	return credentials;
}
