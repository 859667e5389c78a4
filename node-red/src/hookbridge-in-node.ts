import { readProfileFile } from '../../cli/profile/read-profile-file';
import type { Profile } from '../../shared/providers/profile';
import { signsUrl } from '../../shared/receive/signs-url';
import { deliveryHandler } from './delivery-handler';
import { hookLifecycle } from './hook-lifecycle';
import { type CredentialDefinition, missingCredentials, nodeCredentials } from './node-credentials';
import type { NodeConfig, NodeRedApi, NodeRedNode } from './node-red-types';
import { addRoute, routePath } from './node-route';
import { captureRawBodies } from './raw-body-capture';

export interface NodeTypeOptions {
	/** The node type's name in the palette and in flows (`hookbridge in`). */
	type: string;
	/** The profiles the node offers; with one, that profile is the node's. */
	profiles: readonly Profile[];
	/** Whether a node may name a profile file on the Node-RED host instead. */
	profileFiles: boolean;
}

/**
 * Registers a hookbridge node type: a flow's entry point for one provider's webhooks. It takes
 * the raw request on its own route, verifies it, drops repeats, answers the provider with the
 * right status, and sends `msg.payload` = the normalised event. For API providers it subscribes
 * its public URL on deploy and deletes that hook on close.
 */
export function registerHookbridgeIn(RED: NodeRedApi, options: NodeTypeOptions): void {
	const credentials = nodeCredentials(options.profiles);
	RED.nodes.registerType(
		options.type,
		function (this: NodeRedNode, config: NodeConfig) {
			RED.nodes.createNode(this, config);
			startNode(RED, this, config, options, credentials);
		},
		{ credentials },
	);
}

function startNode(
	RED: NodeRedApi,
	node: NodeRedNode,
	config: NodeConfig,
	options: NodeTypeOptions,
	credentials: CredentialDefinition,
): void {
	let profile: Profile;
	let hookUrl: string | undefined;
	try {
		profile = pickProfile(config, options);
		const missing = missingCredentials(profile, credentials);
		if (missing.length > 0) {
			throw new Error(
				`${profile.name} needs credential fields this node type does not hold (${missing.join(', ')}): make a node for it with hookbridge generate node-red --profile <file>.`,
			);
		}
		hookUrl = publicHookUrl(
			config,
			RED.settings.httpNodeRoot,
			routePath(config.path || profile.id),
		);
		if ((profile.api || signsUrl(profile)) && !hookUrl) {
			throw new Error(
				`${profile.name} needs the node's public URL (the address it reaches Node-RED at).`,
			);
		}
	} catch (error) {
		node.error(error instanceof Error ? error.message : String(error));
		node.status({ fill: 'red', shape: 'ring', text: 'not configured' });
		return;
	}
	const lifecycle = hookLifecycle(node, profile, config, hookUrl ?? '');
	const path = routePath(config.path || profile.id);
	const stopCapture = captureRawBodies(
		RED.httpNode,
		`${rootPrefix(RED.settings.httpNodeRoot)}${path}`,
	);
	const removeRoute = addRoute(
		RED.httpNode,
		path,
		deliveryHandler(node, profile, config, { hookUrl, secrets: lifecycle.secrets }),
	);
	node.on('close', (_removed, done) => {
		stopCapture();
		removeRoute();
		lifecycle.close().finally(done);
	});
}

/** httpNodeRoot without its trailing slash: `/` → ``, `/red/` → `/red`. */
function rootPrefix(root: string | false | undefined): string {
	return typeof root === 'string' ? root.replace(/\/+$/, '') : '';
}

function pickProfile(config: NodeConfig, options: NodeTypeOptions): Profile {
	const only = options.profiles.length === 1 ? options.profiles[0] : undefined;
	if (only) return only;
	if (config.profileFile) {
		if (!options.profileFiles) throw new Error('This node type takes no profile file.');
		return readProfileFile(config.profileFile);
	}
	const chosen = options.profiles.find((p) => p.id === config.provider);
	if (!chosen)
		throw new Error(`Choose a provider or a profile file (got "${config.provider ?? ''}").`);
	return chosen;
}

/** `https://nr.example.com` + httpNodeRoot + the node's path, or undefined without a public URL. */
function publicHookUrl(
	config: NodeConfig,
	root: string | false | undefined,
	path: string,
): string | undefined {
	const base = (config.publicUrl ?? '').trim().replace(/\/+$/, '');
	if (!base) return undefined;
	return `${base}${rootPrefix(root)}${path}`;
}
