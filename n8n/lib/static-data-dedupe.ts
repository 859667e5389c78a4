import type { IDataObject } from 'n8n-workflow';
import type { DedupeStore } from '../../shared/receive/types';

const MAX_KEYS = 1000;

/**
 * "Ignore duplicates" kept in the node's static data (n8n saves it after the execution), so it
 * survives restarts. Expired keys are pruned and the oldest dropped beyond 1000.
 */
export function staticDataDedupe(staticData: IDataObject): DedupeStore {
	const seen = () => (staticData.seenEvents ??= {}) as Record<string, number>;
	return {
		remember(key, ttlSeconds, nowMs) {
			const keys = seen();
			for (const [k, expiry] of Object.entries(keys)) if (expiry <= nowMs) delete keys[k];
			if ((keys[key] ?? 0) > nowMs) return true;
			keys[key] = nowMs + ttlSeconds * 1000;
			const all = Object.keys(keys);
			for (const old of all.slice(0, Math.max(0, all.length - MAX_KEYS))) delete keys[old];
			return false;
		},
		forget(key) {
			delete seen()[key];
		},
	};
}
