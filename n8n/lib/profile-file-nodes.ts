import type { ICredentialType, INodeType } from 'n8n-workflow';
import { loadProfile } from '../../shared/profile-file/load-profile';
import { hookbridgeCredential } from './hookbridge-credential';
import { hookbridgeTrigger } from './hookbridge-trigger';

/**
 * The node and credential classes of a generated n8n package (`hookbridge generate n8n`), for
 * the profile file it ships: the same factories the built-in nodes are made with. Bundled with
 * the core into the generated package's lib/ (scripts/bundle-adapters.mjs).
 */
export function nodesFromProfileFile(data: unknown): {
	Trigger: new () => INodeType;
	Credential: new () => ICredentialType;
} {
	const profile = loadProfile(data, "The package's profile.json");
	return { Trigger: hookbridgeTrigger(profile), Credential: hookbridgeCredential(profile) };
}
