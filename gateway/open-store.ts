import type { StoreConfig } from './config/gateway-config';
import type { GatewayStore } from './store/gateway-store';
import { SqliteStore } from './store/sqlite-store';

/** The store the config names: a SQLite file (the default) or a Redis server shared by instances. */
export async function openStore(
	config: StoreConfig,
	onError?: (error: Error) => void,
): Promise<GatewayStore> {
	if (config.kind === 'sqlite') return SqliteStore.open(config.file);
	// BullMQ and ioredis load only for a Redis store: a SQLite gateway never needs them.
	const { RedisStore } = await import('./store/redis-store');
	return RedisStore.open(config.url, onError ? { onError } : {});
}
