import { createHash } from 'node:crypto';
import type {
	ClaimedRelay,
	DestinationStatus,
	GatewayStore,
	IngestRecord,
	RelayOutcome,
} from '../../../gateway/store/gateway-store';

/** The store under test, fresh for each test (a getter: beforeEach replaces it). */
export interface StoreContext {
	readonly store: GatewayStore;
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
