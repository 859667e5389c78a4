import type { Profile } from '@hookbridge/core';
import { n8nCredentialPath, n8nNodePath } from './n8n-paths';

/** The package manifest with its description and node lists made from the profiles. */
export function n8nWorkspaceManifest(
	manifest: Record<string, unknown>,
	profiles: readonly Profile[],
): string {
	const names = profiles.map((p) => p.name);
	const n8n = (manifest.n8n ?? {}) as Record<string, unknown>;
	const updated = {
		...manifest,
		description: `Verified, typed, deduplicated webhook triggers for ${listed(names)}`,
		n8n: {
			...n8n,
			credentials: profiles.map((p) => n8nCredentialPath(p, 'js')),
			nodes: profiles.map((p) => n8nNodePath(p, 'js')),
		},
	};
	return `${JSON.stringify(updated, null, '\t')}\n`;
}

function listed(names: string[]): string {
	return names.length < 2
		? (names[0] ?? '')
		: `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
