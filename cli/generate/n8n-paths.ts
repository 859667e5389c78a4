import type { Profile } from '@hookbridge/core';
import { pascalName } from './pascal-name';

/** Where a profile's node is, in the sources (`ts`) or as n8n loads it (`js`, under dist/). */
export function n8nNodePath(profile: Profile, kind: 'ts' | 'js'): string {
	const name = `${pascalName(profile.id)}Trigger`;
	return `${kind === 'js' ? 'dist/' : ''}nodes/${name}/${name}.node.${kind}`;
}

/** Where a profile's credential is, in the sources (`ts`) or as n8n loads it (`js`). */
export function n8nCredentialPath(profile: Profile, kind: 'ts' | 'js'): string {
	return `${kind === 'js' ? 'dist/' : ''}credentials/${pascalName(profile.id)}Api.credentials.${kind}`;
}
