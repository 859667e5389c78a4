import { type Profile, profileToFile } from '@hookbridge/core';

/**
 * The profile.json a generated connector ships: the profile as file data, without the
 * `persona` section (only the reference provider reads it; a connector has no use for it).
 */
export function connectorProfileJson(profile: Profile): string {
	const { persona: _referenceProviderOnly, ...file } = profileToFile(profile);
	return `${JSON.stringify(file, null, '\t')}\n`;
}
