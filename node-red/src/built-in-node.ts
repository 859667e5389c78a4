import { profiles } from '../../shared/providers';
import { registerHookbridgeIn } from './hookbridge-in-node';
import type { NodeRedApi } from './node-red-types';
import { BUILT_IN_TYPE } from './node-type-name';

/** @hookbridge/node-red's module: `hookbridge in`, for every built-in profile or a profile file. */
export function builtInNode(RED: NodeRedApi): void {
	registerHookbridgeIn(RED, {
		type: BUILT_IN_TYPE,
		profiles: Object.values(profiles),
		profileFiles: true,
	});
}
