import { type Profile, signsUrl } from '@hookbridge/core';
import { authenticationFor } from './authentication';
import { hookTriggers } from './hook-triggers';

export interface AppVersions {
	/** The app's own version (its package.json). */
	version: string;
	/** zapier-platform-core's version. */
	platformVersion: string;
}

/**
 * A Zapier app definition from a profile: the connection, one hook trigger per catalogued
 * event and an "Any Event" trigger. REST hooks where the provider has an API; static hooks
 * (the user pastes the Zap's URL into the dashboard) where it does not.
 */
export function createApp(profile: Profile, versions: AppVersions) {
	if (signsUrl(profile)) {
		// Zapier hands perform the body and headers but not the URL the provider called.
		throw new TypeError(
			`${profile.name} signs the URL it calls, which a Zapier app is not given: put hookbridge listen --forward or the gateway in front of the Zap instead.`,
		);
	}
	return {
		version: versions.version,
		platformVersion: versions.platformVersion,
		// Every request goes through z.request, which Zapier logs itself: the global http patch
		// would only add start-up work and wrap other code's sockets.
		flags: { skipHttpPatch: true },
		authentication: authenticationFor(profile),
		triggers: hookTriggers(profile),
		searches: {},
		creates: {},
	};
}
