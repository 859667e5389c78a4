import type { StoreConfig } from './config/gateway-config';
import type { GatewayStore } from './store/gateway-store';
import { RedisStore } from './store/redis-store';
import { SqliteStore } from './store/sqlite-store';

/** The store the config names: a SQLite file (the default) or a Redis server shared by instances. */
export async function openStore(
	config: StoreConfig,
	onError?: (error: Error) => void,
): Promise<GatewayStore> {
	if (config.kind === 'sqlite') return SqliteStore.open(config.file);
	return RedisStore.open(config.url, onError ? { onError } : {});
}
