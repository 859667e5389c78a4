import type { Profile } from '@hookbridge/core';
import { camelName } from './camel-name';
import { n8nCredentialPath, n8nNodePath } from './n8n-paths';
import { pascalName } from './pascal-name';

const HEADER =
	'// Written by `npm run connectors:write` from prebuilt-connectors.json: regenerate, do not edit.';

/**
 * A prebuilt profile's trigger node and credential in the repository's one n8n community
 * package (n8n/): the classes `hookbridge generate n8n` makes from a profile.json, made here
 * from the profile's module, so each bundled node carries only its own profile. Paths below n8n/,
 * named as the generated packages name them.
 */
export function n8nWorkspaceFiles(profile: Profile): Record<string, string> {
	const name = pascalName(profile.id);
	const value = camelName(profile.id);
	// The node sits two folders below n8n/, the credential one: so many `../` to n8n/lib and
	// three or two to the repository's shared/.
	const source = (up: string, factory: string, module: string, className: string) =>
		[
			HEADER,
			`import { ${value} } from '../${up}shared/providers/${profile.id}';`,
			`import { ${factory} } from '${up}lib/${module}';`,
			'',
			`export class ${className} extends ${factory}(${value}) {}`,
			'',
		].join('\n');
	return {
		[n8nNodePath(profile, 'ts')]: source(
			'../../',
			'hookbridgeTrigger',
			'hookbridge-trigger',
			`${name}Trigger`,
		),
		[n8nCredentialPath(profile, 'ts')]: source(
			'../',
			'hookbridgeCredential',
			'hookbridge-credential',
			`${name}Api`,
		),
	};
}
