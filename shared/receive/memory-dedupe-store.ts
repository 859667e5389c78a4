import type { DedupeStore } from './types';

/**
 * In-memory dedupe with per-key expiry and a size cap, for one process. Keys are kept per
 * provider, by the event id receive() already holds, so remembering an event allocates no new
 * string; expiries are whole seconds from the store's start (small integers, no boxed numbers),
 * rounded up so a key is kept at least its TTL. Expired keys are dropped as they are met; past
 * the cap the oldest key of the bucket being written goes first (Maps keep insertion order). No
 * timers: the caller's clock drives expiry, so the pure core stays pure.
 */
export class MemoryDedupeStore implements DedupeStore {
	private readonly buckets = new Map<string, Map<string, number>>();
	private count = 0;
	private inserts = 0;
	private base: number | undefined;

	constructor(private readonly maxEntries = 100_000) {}

	/** A generic key; `provider:id` keys land in the same place as rememberEvent's. */
	remember(key: string, ttlSeconds: number, nowMs: number): boolean {
		const [bucket, id] = split(key);
		return this.rememberEvent(bucket, id, ttlSeconds, nowMs);
	}

	rememberEvent(provider: string, id: string, ttlSeconds: number, nowMs: number): boolean {
		this.base ??= nowMs;
		let bucket = this.buckets.get(provider);
		if (bucket === undefined) {
			bucket = new Map();
			this.buckets.set(provider, bucket);
		}
		const expiry = bucket.get(id);
		if (expiry !== undefined && this.base + expiry * 1000 > nowMs) return true;
		if (expiry !== undefined) {
			bucket.delete(id);
			this.count--;
		}
		// Sweeping on every insert would cost an iterator per event; every 256th is enough.
		if (this.count >= this.maxEntries || ++this.inserts % 256 === 0) this.evict(bucket, nowMs);
		bucket.set(id, Math.ceil((nowMs - this.base) / 1000 + ttlSeconds));
		this.count++;
		return false;
	}

	forget(key: string): void {
		const [bucket, id] = split(key);
		this.forgetEvent(bucket, id);
	}

	forgetEvent(provider: string, id: string): void {
		if (this.buckets.get(provider)?.delete(id)) this.count--;
	}

	get size(): number {
		return this.count;
	}

	private evict(bucket: Map<string, number>, nowMs: number): void {
		const base = this.base ?? nowMs;
		for (const [id, expiry] of bucket) {
			if (base + expiry * 1000 > nowMs && this.count < this.maxEntries) return;
			bucket.delete(id);
			this.count--;
		}
	}
}

/** `provider:id` → [provider, id]; provider ids hold no colon, event ids may. */
function split(key: string): [string, string] {
	const at = key.indexOf(':');
	return at < 0 ? ['', key] : [key.slice(0, at), key.slice(at + 1)];
}
