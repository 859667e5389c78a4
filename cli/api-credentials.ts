import type { Command } from 'commander';
import type { Credentials, Profile } from '@hookbridge/core';
import { UsageError } from './usage-error';

export interface ApiFlags {
	apiKey?: string;
	workspace?: string;
	baseUrl?: string;
}

/** The management-API flags; keys may also come from the environment, out of shell history. */
export function addApiOptions(command: Command): Command {
	return command
		.option('--api-key <key>', 'the provider API key (or HOOKBRIDGE_API_KEY)')
		.option('--workspace <id>', 'VelaFlows workspace id (or HOOKBRIDGE_WORKSPACE)')
		.option(
			'--base-url <url>',
			"the provider's API base URL (default: its real one; a reference provider's persona URL to rehearse)",
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
	const workspace = flags.workspace ?? process.env.HOOKBRIDGE_WORKSPACE;
	return {
		apiKey,
		...(workspace ? { workspaceId: workspace } : {}),
		...(flags.baseUrl ? { baseUrl: flags.baseUrl } : {}),
	};
}
