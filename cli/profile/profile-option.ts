import type { Command } from 'commander';
import { getProfile, providerIds, type Profile } from '@hookbridge/core';
import { UsageError } from '../usage-error';
import { readProfileFile } from './read-profile-file';

export interface ProfileFlags {
	provider?: string;
	profile?: string;
}

/**
 * Adds `--provider <id>` (a built-in profile) and `--profile <file>` (a profile file): every
 * command that takes one takes the other. The ids listed come from the profiles themselves.
 */
export function addProfileOptions<C extends Command>(command: C, ids = providerIds): C {
	command.option('--provider <id>', `a built-in provider: ${ids.join(', ')}`);
	command.option('--profile <file>', 'a profile file (JSON or YAML) instead of --provider');
	return command;
}

/** The profile the flags name: exactly one of --provider and --profile. */
export function resolveProfile(flags: ProfileFlags): Profile {
	if (flags.provider !== undefined && flags.profile !== undefined) {
		throw new UsageError('Give either --provider or --profile, not both.');
	}
	if (flags.profile !== undefined) return readProfileFile(flags.profile);
	if (flags.provider === undefined) {
		throw new UsageError('Name the provider: --provider <id> or --profile <file>.');
	}
	try {
		return getProfile(flags.provider);
	} catch (error) {
		throw new UsageError((error as Error).message, 'unknown_provider');
	}
}
