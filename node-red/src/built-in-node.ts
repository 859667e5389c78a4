import { profiles } from '../../shared/providers';
import { registerHookbridgeIn } from './hookbridge-in-node';
import type { NodeRedApi } from './node-red-types';

/** The type name of @hookbridge/node-red's node. */
export const BUILT_IN_TYPE = 'hookbridge in';

/** @hookbridge/node-red's module: `hookbridge in`, for every built-in profile or a profile file. */
export function builtInNode(RED: NodeRedApi): void {
	registerHookbridgeIn(RED, {
		type: BUILT_IN_TYPE,
		profiles: Object.values(profiles),
		profileFiles: true,
	});
}
