/** The most keys a bounded record keeps; the oldest go first beyond it. */
export const MAX_REMEMBERED_KEYS = 1000;

/**
 * Records `key` in a plain record of key → expiry (ms) that a platform persists for the
 * trigger (n8n's static data, Activepieces' store, Node-RED's context) and says whether it was
 * already there and unexpired. Expired keys are pruned and the oldest dropped beyond the bound,
 * so the record stays small however long the trigger runs.
 */
export function rememberKey(
	keys: Record<string, number>,
	key: string,
	ttlSeconds: number,
	nowMs: number,
): boolean {
	for (const [k, expiry] of Object.entries(keys)) if (expiry <= nowMs) delete keys[k];
	if ((keys[key] ?? 0) > nowMs) return true;
	keys[key] = nowMs + ttlSeconds * 1000;
	const all = Object.keys(keys);
	for (const old of all.slice(0, Math.max(0, all.length - MAX_REMEMBERED_KEYS))) delete keys[old];
	return false;
}
