import { loadProfile } from '../../shared/profile-file/load-profile';
import { registerHookbridgeIn } from './hookbridge-in-node';
import type { NodeRedApi } from './node-red-types';
import { profileNodeType } from './node-type-name';

/**
 * The module of a generated package (`hookbridge generate node-red`): one node type for the
 * profile file it ships, registered by the same factory as `hookbridge in`.
 */
export function nodeFromProfileFile(data: unknown): (RED: NodeRedApi) => void {
	const profile = loadProfile(data, "The package's profile.json");
	return (RED) =>
		registerHookbridgeIn(RED, {
			type: profileNodeType(profile.id),
			profiles: [profile],
			profileFiles: false,
		});
}
