import type { DedupeStore } from './types';

/**
 * In-memory dedupe with per-key expiry and a size cap, for one process. Expired keys are
 * dropped as they are met; past the cap the oldest key goes first (Map keeps insertion order).
 * No timers: the caller's clock drives expiry, so the pure core stays pure.
 */
export class MemoryDedupeStore implements DedupeStore {
	private readonly expiries = new Map<string, number>();
	private inserts = 0;

	constructor(private readonly maxEntries = 100_000) {}

	remember(key: string, ttlSeconds: number, nowMs: number): boolean {
		const expiry = this.expiries.get(key);
		if (expiry !== undefined && expiry > nowMs) return true;
		if (expiry !== undefined) this.expiries.delete(key);
		// Sweeping on every insert would cost an iterator per event; every 256th is enough.
		if (this.expiries.size >= this.maxEntries || ++this.inserts % 256 === 0) this.evict(nowMs);
		this.expiries.set(key, nowMs + ttlSeconds * 1000);
		return false;
	}

	forget(key: string): void {
		this.expiries.delete(key);
	}

	get size(): number {
		return this.expiries.size;
	}

	private evict(nowMs: number): void {
		for (const [key, expiry] of this.expiries) {
			if (expiry > nowMs && this.expiries.size < this.maxEntries) return;
			this.expiries.delete(key);
		}
	}
}
