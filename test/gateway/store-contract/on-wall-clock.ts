import { setTimeout as sleep } from 'node:timers/promises';
import type {
	ClaimedRelay,
	GatewayStore,
	IngestRecord,
	RelayOutcome,
} from '../../../gateway/store/gateway-store';
import { T0 } from './fixtures';

// A nowMs further ahead than this is not waited for: see onWallClock.
const LONGEST_WAIT_MS = 60_000;

/**
 * The contract's times (T0 + offset) on a store that keeps the wall clock, as the Redis store
 * does (BullMQ decides what is due by Date.now()). Contract time T0 is the moment this is
 * called; every time going in is moved by the same shift and every time coming out moved back,
 * so the contract's exact expectations still hold. A call that says "it is now X" waits until
 * the wall clock reaches X: that is how time passes for such a store. The contract's "far
 * future" (a year on) cannot be waited for; the store is asked now instead, which is the same
 * question for relays that are finished (delivered, dead, on a paused destination).
 */
export function onWallClock(store: GatewayStore): GatewayStore {
	const shift = Date.now() - T0;
	const toWall = (t: number) => t + shift;
	const fromWall = (t: number) => t - shift;
	// Relays go back to the store as the very objects it handed out: it may know them by identity.
	const originals = new WeakMap<ClaimedRelay, ClaimedRelay>();
	const original = (relay: ClaimedRelay) => originals.get(relay) ?? relay;
	const reach = async (nowMs: number) => {
		const wait = toWall(nowMs) - Date.now();
		if (wait > 0 && wait <= LONGEST_WAIT_MS) await sleep(wait);
	};
	const outcomeOnWall = (outcome: RelayOutcome): RelayOutcome =>
		outcome.kind === 'retry'
			? { ...outcome, at: toWall(outcome.at), nextAt: toWall(outcome.nextAt) }
			: { ...outcome, at: toWall(outcome.at) };
	return {
		ingest: (record: IngestRecord) =>
			store.ingest({ ...record, receivedAt: toWall(record.receivedAt) }),
		async claim(destination, limit, nowMs, leaseMs) {
			await reach(nowMs);
			const claimed = await store.claim(destination, limit, toWall(nowMs), leaseMs);
			return claimed.map((relay) => {
				const seen = { ...relay, receivedAt: fromWall(relay.receivedAt) };
				originals.set(seen, relay);
				return seen;
			});
		},
		async settle(relay, outcome) {
			await reach(outcome.at);
			await store.settle(original(relay), outcomeOnWall(outcome));
		},
		release: (relays) => store.release(relays.map(original)),
		async nextDueAt(destination) {
			const due = await store.nextDueAt(destination);
			return due === undefined ? undefined : fromWall(due);
		},
		async pause(destination, reason, nowMs) {
			await reach(nowMs);
			await store.pause(destination, reason, toWall(nowMs));
		},
		async resume(destination, nowMs) {
			await reach(nowMs);
			return store.resume(destination, toWall(nowMs));
		},
		async replay(filter, nowMs) {
			await reach(nowMs);
			const since = filter.since === undefined ? undefined : toWall(filter.since);
			return store.replay({ ...filter, ...(since === undefined ? {} : { since }) }, toWall(nowMs));
		},
		countRefused: (source, code, n) => store.countRefused(source, code, n),
		status: () => store.status(),
		sourceSecret: (source) => store.sourceSecret(source),
		saveSourceSecret: (source, secret) => store.saveSourceSecret(source, secret),
		ping: () => store.ping(),
		close: () => store.close(),
	};
}
