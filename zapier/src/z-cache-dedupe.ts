import type { ZObject } from 'zapier-platform-core';
import type { DedupeStore } from '@hookbridge/core';

/**
 * Dedupe through z.cache, Zapier's key-value store (it needs Zapier's RPC at run time). Zapier
 * itself does not dedupe hook deliveries. `get` finds repeats; `set` with nx=true closes the
 * race between two concurrent retries. If the cache cannot be reached the event is delivered
 * rather than dropped: a rare duplicate beats a lost event.
 */
export function zCacheDedupe(z: ZObject): DedupeStore {
	return {
		async remember(key, ttlSeconds) {
			try {
				if ((await z.cache.get(key)) !== null) return true;
				const stored: unknown = await z.cache.set(key, 1, Math.round(ttlSeconds), undefined, true);
				return stored === false;
			} catch {
				return false;
			}
		},
		async forget(key) {
			try {
				await z.cache.delete(key);
			} catch {
				// Unreachable cache: nothing was remembered there either.
			}
		},
	};
}
