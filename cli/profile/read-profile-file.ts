import { readFileSync, statSync } from 'node:fs';
import { ProfileFileError, type Profile } from '@hookbridge/core';
import { UsageError } from '../usage-error';
import { parseProfileText } from './parse-profile-text';

/** A profile file is a page of text: anything larger is not one. */
export const MAX_PROFILE_BYTES = 1024 * 1024;

/**
 * The profile in a JSON or YAML file, validated. Every problem is a UsageError
 * `invalid_profile` whose message names the file and, for each issue, where in it and what.
 */
export function readProfileFile(path: string): Profile {
	try {
		return parseProfileText(readProfileText(path), path);
	} catch (error) {
		if (error instanceof ProfileFileError) throw new UsageError(error.message, error.code);
		throw error;
	}
}

/** The file's text; ProfileFileError when it cannot be read or is too large to be a profile. */
export function readProfileText(path: string): string {
	try {
		if (statSync(path).size > MAX_PROFILE_BYTES) {
			throw new ProfileFileError(
				[{ path: '', message: 'is larger than 1 MiB; a profile is not' }],
				path,
			);
		}
		return readFileSync(path, 'utf8');
	} catch (error) {
		if (error instanceof ProfileFileError) throw error;
		const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
		throw new ProfileFileError([{ path: '', message: `cannot be read (${reason})` }], path);
	}
}
