import type { IDataObject } from 'n8n-workflow';
import { rememberKey } from '../../shared/receive/remember-key';
import type { DedupeStore } from '../../shared/receive/types';

/**
 * "Ignore duplicates" kept in the node's static data (n8n saves it after the execution), so it
 * survives restarts. Expired keys are pruned and the oldest dropped beyond 1000.
 */
export function staticDataDedupe(staticData: IDataObject): DedupeStore {
	const seen = () => (staticData.seenEvents ??= {}) as Record<string, number>;
	return {
		remember: (key, ttlSeconds, nowMs) => rememberKey(seen(), key, ttlSeconds, nowMs),
		forget(key) {
			delete seen()[key];
		},
	};
}
