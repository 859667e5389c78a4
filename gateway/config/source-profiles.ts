import { dirname, resolve } from 'node:path';
import { ProfileFileError } from '@hookbridge/core';
import { parseProfileText } from '../../cli/profile/parse-profile-text';
import { readProfileText } from '../../cli/profile/read-profile-file';
import type { ConfigIssue } from './config-error';

/**
 * Replaces each source's `profile: <file>` (relative to the config file) with the profile that
 * file holds, before the config is validated, so a source of a provider hookbridge does not
 * ship is checked and served like a built-in one. Problems are config issues on that field.
 */
export function loadSourceProfiles(config: unknown, configFile: string): ConfigIssue[] {
	const sources = (config as { sources?: unknown } | null)?.sources;
	if (!Array.isArray(sources)) return [];
	const issues: ConfigIssue[] = [];
	sources.forEach((source: unknown, i) => {
		const path = (source as { profile?: unknown } | null)?.profile;
		if (typeof path !== 'string') return;
		const file = resolve(dirname(resolve(configFile)), path);
		try {
			(source as { profile: unknown }).profile = parseProfileText(readProfileText(file), file);
		} catch (error) {
			if (!(error instanceof ProfileFileError)) throw error;
			for (const issue of error.issues) {
				const where = issue.path ? ` at ${issue.path}` : '';
				issues.push({
					path: `sources[${i}].profile`,
					message: `${path}${where}: ${issue.message}`,
				});
			}
		}
	});
	return issues;
}
