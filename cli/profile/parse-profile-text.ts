import { loadProfile, ProfileFileError, type Profile } from '@hookbridge/core';
import { parseDocument } from 'yaml';

/**
 * The profile in a profile file's text, JSON or YAML (JSON is YAML, so one parser reads both),
 * validated. Throws ProfileFileError naming `source` and, for each issue, where and what.
 */
export function parseProfileText(text: string, source: string): Profile {
	// A profile holds no secrets, so the parser may quote the offending line.
	const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
	const first = document.errors[0];
	if (first) {
		throw new ProfileFileError(
			[{ path: '', message: `not valid YAML or JSON: ${first.message}` }],
			source,
		);
	}
	return loadProfile(document.toJS(), source);
}
