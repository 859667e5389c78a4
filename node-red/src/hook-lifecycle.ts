import { executeRequest } from '../../cli/http/execute-request';
import type { Profile } from '../../shared/providers/profile';
import { secretProblem } from '../../shared/receive/secret-problem';
import {
	ensureSubscription,
	removeSubscription,
	type HookRecord,
} from '../../shared/subscriptions/ensure-subscription';
import type { Credentials } from '../../shared/subscriptions/types';
import type { NodeConfig, NodeRedNode } from './node-red-types';

const HOOK = 'hookbridge_hook';

/**
 * The node's hook at an API provider: subscribed on deploy (the record kept in the node's
 * context), deleted whenever the node closes (a redeploy of the node, its removal, Node-RED
 * stopping), so a redeploy makes a new hook with a new secret. The
 * secrets deliveries are verified with: the hook's, or a manual-mode node's credentials.
 */
export function hookLifecycle(
	node: NodeRedNode,
	profile: Profile,
	config: NodeConfig,
	hookUrl: string,
): Lifecycle {
	if (!profile.api) return manualLifecycle(node, profile);
	const credentials = credentialsOf(node, profile, config);
	const missing = profile.api.credentials.filter((f) => f.required && !credentials[f.key]);
	if (missing.length > 0) {
		node.error(
			`${profile.name}: set ${missing.map((f) => f.label).join(', ')} in the node's credentials`,
		);
		node.status({ fill: 'red', shape: 'ring', text: 'not configured' });
		return { secrets: () => [], close: () => Promise.resolve() };
	}
	let hook: HookRecord | undefined;
	node.status({ fill: 'yellow', shape: 'ring', text: 'subscribing' });
	const subscribed = ensureSubscription(
		profile,
		credentials,
		executeRequest,
		{ url: hookUrl, events: eventsOf(config), description: `Node-RED: ${config.name || node.id}` },
		node.context().get(HOOK) as HookRecord | undefined,
	).then(
		(record) => {
			hook = record;
			node.context().set(HOOK, record);
			node.status({ fill: 'green', shape: 'dot', text: 'subscribed' });
		},
		(error: unknown) => {
			node.error(`${profile.name}: could not subscribe: ${(error as Error).message}`);
			node.status({ fill: 'red', shape: 'ring', text: 'not subscribed' });
		},
	);
	return {
		// No hook yet (or none made): no secret, so every delivery is refused with 401.
		secrets: () => (hook ? [hook.secret] : []),
		async close() {
			await subscribed;
			if (hook) await deleteHook(node, profile, credentials, hook);
		},
	};
}

interface Lifecycle {
	/** The secrets a delivery may be signed with, now. */
	secrets: () => string[];
	close: () => Promise<void>;
}

/** A manual-mode node verifies with the secrets in its credentials, checked once at start. */
function manualLifecycle(node: NodeRedNode, profile: Profile): Lifecycle {
	const secrets = [node.credentials?.signingSecret, node.credentials?.previousSigningSecret].filter(
		(s): s is string => typeof s === 'string' && s !== '',
	);
	const problem = secretProblem(profile, [
		['Signing secret', node.credentials?.signingSecret],
		['Previous secret', node.credentials?.previousSigningSecret],
	]);
	if (problem) node.error(`${profile.name}: ${problem}`);
	node.status(
		problem
			? { fill: 'red', shape: 'ring', text: 'invalid secret' }
			: { fill: 'green', shape: 'dot', text: 'listening' },
	);
	return { secrets: () => secrets, close: () => Promise.resolve() };
}

async function deleteHook(
	node: NodeRedNode,
	profile: Profile,
	credentials: Credentials,
	hook: HookRecord,
): Promise<void> {
	try {
		await removeSubscription(profile, credentials, executeRequest, hook.id);
		node.context().set(HOOK, undefined);
	} catch (error) {
		// Closing must not fail on the provider; the record stays, so the next deploy reuses or
		// replaces this hook instead of leaving it behind.
		node.warn(`${profile.name}: could not delete the hook: ${(error as Error).message}`);
	}
}

export function eventsOf(config: NodeConfig): string[] {
	return (config.events ?? '')
		.split(',')
		.map((type) => type.trim())
		.filter(Boolean);
}

function credentialsOf(node: NodeRedNode, profile: Profile, config: NodeConfig): Credentials {
	const values: Record<string, string> = {};
	for (const field of profile.api?.credentials ?? []) {
		const value = node.credentials?.[field.key];
		if (value) values[field.key] = value;
	}
	const baseUrl = (config.baseUrl ?? '').trim() || profile.api?.baseUrl;
	return { ...values, ...(baseUrl ? { baseUrl } : {}) } as Credentials;
}
