import type { Bundle } from 'zapier-platform-core';
import type { Credentials, Profile } from '@hookbridge/core';

/** The shared builders' credentials from the Zap's connection (auth fields keep the profile's keys). */
export function credentialsFrom(profile: Profile, bundle: Bundle): Credentials {
	const auth = bundle.authData as Record<string, string | undefined>;
	const credentials: Credentials = { apiKey: auth.apiKey ?? '' };
	for (const field of profile.api?.credentials ?? []) {
		const value = auth[field.key];
		if (value !== undefined) credentials[field.key] = value;
	}
	if (auth.baseUrl) credentials.baseUrl = auth.baseUrl;
	return credentials;
}
