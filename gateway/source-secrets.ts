import type { GatewayConfig } from './config/gateway-config';
import type { JsonLog } from './log/json-log';
import type { GatewayStore } from './store/gateway-store';
import { keepSubscribed } from './subscribe/keep-subscribed';

/**
 * Every source's signing secrets: those in the config, plus, for a source with `subscribe`,
 * the secret of the webhook the gateway keeps registered with the provider's API.
 */
export async function sourceSecrets(
	config: GatewayConfig,
	store: GatewayStore,
	log: JsonLog,
): Promise<Map<string, string[]>> {
	const secrets = new Map<string, string[]>();
	for (const source of config.sources) {
		const list = [...source.secrets];
		if (source.subscribe) {
			const { profile } = source;
			list.push(
				await keepSubscribed(store, { id: source.id, profile, subscribe: source.subscribe }, log),
			);
		}
		secrets.set(source.id, list);
	}
	return secrets;
}
