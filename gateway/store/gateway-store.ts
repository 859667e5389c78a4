/**
 * What the gateway keeps, behind one interface with two implementations (SQLite on one
 * machine, Redis for several instances) tested by one suite. Every method is async so the two
 * are interchangeable; times are epoch milliseconds passed in by the caller, so tests drive
 * the clock.
 *
 * The one promise that matters: when `ingest` resolves, the event and one relay per
 * destination are durable together. A crash before that means the provider gets no 2xx and
 * retries; a crash after it means every relay is still there. A duplicate is an event whose
 * (source, eventId) was already ingested: it enqueues nothing.
 */
export interface GatewayStore {
	/** Dedupe and enqueue in one atomic step. */
	ingest(record: IngestRecord): Promise<IngestResult>;
	/**
	 * Up to `limit` due relays of one destination (pending, `nextAt <= nowMs`, destination not
	 * paused), marked in flight until `nowMs + leaseMs`. A relay whose lease ran out (its
	 * worker died) is due again.
	 */
	claim(
		destination: string,
		limit: number,
		nowMs: number,
		leaseMs: number,
	): Promise<ClaimedRelay[]>;
	/** Records one attempt's outcome and the relay's next state. */
	settle(relay: ClaimedRelay, outcome: RelayOutcome): Promise<void>;
	/** Claimed relays that were never attempted (shutdown): due again at once, attempts unchanged. */
	release(relays: readonly ClaimedRelay[]): Promise<void>;
	/**
	 * Called once by a gateway process that will relay from this store, before its workers
	 * start. A store one process relays from (SQLite) refuses a second live one and puts back,
	 * due at once, the relays a crashed predecessor left in flight; resolves to how many. A store
	 * shared by instances (Redis) has none: there, a dead instance's leases run out. `onLost`
	 * hears when the store was taken over after all (this process stalled past its heartbeat).
	 */
	attach?(options?: { onLost?: (why: string) => void }): Promise<number>;
	/** The earliest `nextAt` of a pending relay of this destination; undefined when none. */
	nextDueAt(destination: string): Promise<number | undefined>;
	pause(destination: string, reason: string, nowMs: number): Promise<void>;
	/** Unpauses; the destination's pending relays are due at once. Returns whether it was paused. */
	resume(destination: string, nowMs: number): Promise<boolean>;
	/** Dead relays of a destination back to pending with attempts reset; returns how many. */
	replay(filter: ReplayFilter, nowMs: number): Promise<number>;
	/** Counts refused deliveries per source and code (no body, no secret is kept). */
	countRefused(source: string, code: string, n?: number): Promise<void>;
	status(): Promise<GatewayStatus>;
	/**
	 * The signing secret a provider's API gave the gateway's own subscription (sources with
	 * `subscribe`), shared by every instance; undefined when none was saved. Kept only here:
	 * never in status, logs or metrics.
	 */
	sourceSecret(source: string): Promise<string | undefined>;
	saveSourceSecret(source: string, secret: string): Promise<void>;
	/** Resolves when the store answers; rejects when it is unreachable (readyz, 503 on ingest). */
	ping(): Promise<void>;
	close(): Promise<void>;
}

export interface IngestRecord {
	source: string;
	eventId: string;
	type: string;
	/** The JSON text relayed to every destination (the normalised event). */
	body: string;
	/** Destination ids this event goes to; may be empty (still recorded, for dedupe). */
	destinations: readonly string[];
	receivedAt: number;
}

export interface IngestResult {
	duplicate: boolean;
}

export interface ClaimedRelay {
	/** Stable per event and destination. */
	id: string;
	destination: string;
	source: string;
	eventId: string;
	type: string;
	body: string;
	/** Attempts made before this claim. */
	attempts: number;
	receivedAt: number;
}

export interface AttemptRecord {
	/** HTTP status, or null when no answer came (timeout, refused connection). */
	status: number | null;
	/** A short reason for the log: never a body, never a secret. */
	error: string | null;
	at: number;
}

export type RelayOutcome =
	| ({ kind: 'delivered' } & AttemptRecord)
	| ({ kind: 'retry'; nextAt: number } & AttemptRecord)
	| ({ kind: 'dead' } & AttemptRecord)
	/** 410: the relay stays pending and the destination is paused until `resume`. */
	| ({ kind: 'paused'; reason: string } & AttemptRecord);

export interface ReplayFilter {
	destination: string;
	/** Only relays of events received at or after this time. */
	since?: number;
	eventId?: string;
}

export interface SourceStatus {
	received: number;
	duplicates: number;
	refused: Record<string, number>;
}

export interface DestinationStatus {
	/** Pending, never attempted. */
	queued: number;
	inFlight: number;
	delivered: number;
	/** Pending after at least one failed attempt. */
	failing: number;
	dead: number;
	paused: boolean;
	pausedReason: string | null;
	lastError: string | null;
}

export interface GatewayStatus {
	sources: Record<string, SourceStatus>;
	destinations: Record<string, DestinationStatus>;
}

/** The store cannot be reached or written: ingress answers 503 so the provider retries. */
export class StoreUnavailableError extends Error {
	readonly code = 'store_unavailable';

	constructor(cause: unknown) {
		super('The gateway store is unreachable; the delivery was not acknowledged.', { cause });
		this.name = 'StoreUnavailableError';
	}
}

/** Another gateway relays from a store only one may relay from: two would hand out each other's relays. */
export class StoreInUseError extends Error {
	readonly code = 'store_in_use';

	constructor(store: string, holder: { pid: number; host: string }) {
		super(
			`Another gateway (pid ${holder.pid} on ${holder.host}) is relaying from ${store}. One gateway per SQLite file; use a Redis store to run several instances.`,
		);
		this.name = 'StoreInUseError';
	}
}
