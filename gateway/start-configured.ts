import type { GatewayConfig } from './config/gateway-config';
import type { JsonLog } from './log/json-log';
import { destinationSettings, sourceSettings } from './settings-from-config';
import { sourceSecrets } from './source-secrets';
import { startGateway, type RunningGateway } from './start-gateway';
import type { GatewayStore } from './store/gateway-store';

/**
 * The gateway a config describes, on an open store: `hookbridge gateway` runs this, and so
 * does the benchmark, so both measure and run the same thing. Subscriptions are kept only
 * once the store is attached (see GatewaySettings.sources).
 */
export function startConfigured(
	config: GatewayConfig,
	store: GatewayStore,
	log: JsonLog,
	timeScale: number,
): Promise<RunningGateway> {
	return startGateway({
		store,
		host: config.listen.host,
		port: config.listen.port,
		limits: { maxBytes: config.maxBytes, toleranceSeconds: config.toleranceSeconds },
		sources: async () => {
			const secrets = await sourceSecrets(config, store, log);
			return sourceSettings(config, (id) => secrets.get(id) ?? []);
		},
		destinations: destinationSettings(config, timeScale),
		drainTimeoutMs: config.drainTimeoutMs,
		log,
	});
}
