import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type {
	ClaimedRelay,
	DestinationStatus,
	GatewayStore,
	IngestRecord,
	RelayOutcome,
} from '../../../gateway/store/gateway-store';

/**
 * How a store keeps time. `fake`: it decides by the nowMs it is given, so the contract's times
 * are exact. `wall`: it decides by the wall clock (the contract runs it through onWallClock),
 * so time has to pass and a store may take a moment to notice (a lease found expired by a
 * periodic check): the contract checks "not yet" well before a deadline and "now due" by
 * claiming until it comes, within WALL_SLACK_MS.
 */
export interface StoreClock {
	kind: 'fake' | 'wall';
	/**
	 * Whether nextDueAt counts the end of a lease. A store may leave leases out when it hands an
	 * expired one back only after a check of its own (waking at the lease end would find nothing).
	 */
	leaseEndIsDue: boolean;
}

/** The store under test, fresh for each test (a getter: beforeEach replaces it). */
export interface StoreContext {
	readonly store: GatewayStore;
	readonly clock: StoreClock;
}

// Generous: a wall-clock store's periodic checks run on a loaded 2-core machine.
export const WALL_SLACK_MS = 10_000;
// "Not yet" is asked this long before a deadline on the wall clock, 1 ms on the fake one.
const WALL_MARGIN_MS = 500;

/** A moment just before `t`: on the wall clock far enough ahead that the answer cannot race it. */
export function before(ctx: StoreContext, t: number): number {
	return t - (ctx.clock.kind === 'wall' ? WALL_MARGIN_MS : 1);
}

export const T0 = 1_700_000_000_000;
export const LEASE_MS = 30_000;
export const SOURCE = 'velaflows';

export const IDLE: DestinationStatus = {
	queued: 0,
	inFlight: 0,
	delivered: 0,
	failing: 0,
	dead: 0,
	paused: false,
	pausedReason: null,
	lastError: null,
};

export function record(eventId: string, overrides: Partial<IngestRecord> = {}): IngestRecord {
	return {
		source: SOURCE,
		eventId,
		type: 'message.received',
		body: JSON.stringify({ id: eventId, text: 'héllo 👋' }),
		destinations: ['zapier'],
		receivedAt: T0,
		...overrides,
	};
}

// Computed here rather than with relayId(): the contract pins the id every store must use.
export function expectedRelayId(source: string, eventId: string, destination: string): string {
	const digest = createHash('sha256')
		.update(`${source}\u0000${eventId}\u0000${destination}`)
		.digest('hex');
	return `rly_${digest.slice(0, 32)}`;
}

export async function destinationStatus(
	store: GatewayStore,
	destination: string,
): Promise<DestinationStatus | undefined> {
	return (await store.status()).destinations[destination];
}

/**
 * The one relay due at `nowMs`: claimed at that time on the fake clock; on the wall clock,
 * claimed from then until it comes (within WALL_SLACK_MS). Fails on anything but one relay.
 */
export async function claimDue(
	ctx: StoreContext,
	destination: string,
	nowMs: number,
	leaseMs = LEASE_MS,
): Promise<ClaimedRelay> {
	if (ctx.clock.kind === 'fake') return claimOne(ctx.store, destination, nowMs, leaseMs);
	const deadline = Date.now() + WALL_SLACK_MS;
	let claimed = await ctx.store.claim(destination, 10, nowMs, leaseMs);
	while (claimed.length === 0 && Date.now() < deadline) {
		await sleep(50);
		claimed = await ctx.store.claim(destination, 10, nowMs, leaseMs);
	}
	expect(claimed).toHaveLength(1);
	return claimed[0] as ClaimedRelay;
}

/** nextDueAt is `t`: exactly on the fake clock; on the wall clock, due by then (or earlier). */
export function expectDueBy(ctx: StoreContext, due: number | undefined, t: number): void {
	if (ctx.clock.kind === 'fake') {
		expect(due).toBe(t);
		return;
	}
	expect(due).toBeDefined();
	expect(due).toBeLessThanOrEqual(t + WALL_SLACK_MS);
}

/** Claims exactly one relay (failing the test otherwise). */
export async function claimOne(
	store: GatewayStore,
	destination: string,
	nowMs: number,
	leaseMs = LEASE_MS,
): Promise<ClaimedRelay> {
	const claimed = await store.claim(destination, 10, nowMs, leaseMs);
	expect(claimed).toHaveLength(1);
	return claimed[0] as ClaimedRelay;
}

export const ok = (at: number): RelayOutcome => ({
	kind: 'delivered',
	status: 200,
	error: null,
	at,
});

export const retry = (at: number, nextAt: number, status: number | null, error: string | null) =>
	({ kind: 'retry', nextAt, status, error, at }) satisfies RelayOutcome;

export const dead = (at: number, error: string): RelayOutcome => ({
	kind: 'dead',
	status: null,
	error,
	at,
});
