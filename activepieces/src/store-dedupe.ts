import type { Store } from '@activepieces/pieces-framework';
import { rememberKey } from '../../shared/receive/remember-key';
import type { DedupeStore } from '../../shared/receive/types';

const SEEN = 'hookbridge_seen';

/**
 * "Ignore duplicates" kept in the flow's `context.store`, so it outlives one run. The store has
 * no compare-and-set: two runs of the same event at the same instant can both pass (stated in
 * the guide); a retry seconds later is caught.
 */
export function storeDedupe(store: Store): DedupeStore {
	return {
		async remember(key, ttlSeconds, nowMs) {
			const keys = (await store.get<Record<string, number>>(SEEN)) ?? {};
			const seen = rememberKey(keys, key, ttlSeconds, nowMs);
			if (!seen) await store.put(SEEN, keys);
			return seen;
		},
		async forget(key) {
			const keys = (await store.get<Record<string, number>>(SEEN)) ?? {};
			delete keys[key];
			await store.put(SEEN, keys);
		},
	};
}
