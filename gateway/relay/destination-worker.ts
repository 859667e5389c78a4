import { setMaxListeners } from 'node:events';
import { relayMessageId, signDelivery, relayProfile } from '@hookbridge/core';
import type { ClaimedRelay, GatewayStore, RelayOutcome } from '../store/gateway-store';
import { planRelay, type RelayPolicy } from './plan-relay';
import { postRelay, type RelayAgents } from './post-relay';

export interface DestinationSettings extends RelayPolicy {
	id: string;
	url: URL;
	/** Standard Webhooks secret every relay is signed with. */
	secret: string;
	timeoutMs: number;
	/** Relays in flight to this destination at most. */
	concurrency: number;
}

// A lease outlives the attempt (bounded by timeoutMs) by the settle that records it (a store
// call gives up within 10 s) and some room for a loaded machine. Only a relay whose worker died
// waits for it: the lease is how long another instance (Redis) leaves it alone. A lease that
// ran out under a live worker costs a second delivery, never a lost one.
const LEASE_MARGIN_MS = 20_000;

export interface WorkerHooks {
	agents: RelayAgents;
	/** Called once per attempt, after its outcome is recorded (logs, metrics). */
	onOutcome?: (relay: ClaimedRelay, outcome: RelayOutcome, durationMs: number) => void;
	/** A store call failed; the worker backs off and tries again. */
	onStoreError?: (error: unknown) => void;
	/** Longest sleep before looking for due work again (other instances enqueue too). */
	pollMs?: number;
}

/**
 * Moves one destination's queue along: claims due relays up to its concurrency, posts each
 * signed afresh (a new timestamp per attempt, the same `webhook-id`), and records the outcome.
 * Order is best effort: relays are claimed oldest due first, but several are in flight at once
 * and a retry waits its turn, so a destination may see events out of order.
 */
export class DestinationWorker {
	private readonly inflight = new Map<string, Promise<void>>();
	private readonly abort = new AbortController();
	private timer: NodeJS.Timeout | undefined;
	private stopped = false;
	private claiming = false;
	private again = false;

	constructor(
		private readonly store: GatewayStore,
		private readonly settings: DestinationSettings,
		private readonly hooks: WorkerHooks,
	) {
		// Every attempt in flight listens to this one signal; more than Node's default of 10 is
		// the design here, not a leak, and would print MaxListenersExceededWarning.
		setMaxListeners(settings.concurrency + 1, this.abort.signal);
	}

	get inFlight(): number {
		return this.inflight.size;
	}

	/** New work may be due (an event was ingested, a relay finished, the destination resumed). */
	wake(): void {
		if (this.stopped) return;
		if (this.claiming) {
			this.again = true;
			return;
		}
		clearTimeout(this.timer);
		this.timer = undefined;
		void this.fill();
	}

	/**
	 * Stops claiming, lets relays in flight finish for up to `graceMs`, then aborts the rest;
	 * an aborted attempt is released unattempted, so it stays queued for the next start.
	 */
	async stop(graceMs: number): Promise<void> {
		this.stopped = true;
		clearTimeout(this.timer);
		const all = Promise.allSettled([...this.inflight.values()]);
		const bound = new Promise((resolve) => setTimeout(resolve, graceMs).unref());
		await Promise.race([all, bound]);
		this.abort.abort();
		await all;
	}

	private async fill(): Promise<void> {
		this.claiming = true;
		try {
			do {
				this.again = false;
				const room = this.settings.concurrency - this.inflight.size;
				if (room <= 0) return;
				const leaseMs = this.settings.timeoutMs + LEASE_MARGIN_MS;
				const claimed = await this.store.claim(this.settings.id, room, Date.now(), leaseMs);
				for (const relay of claimed) this.launch(relay);
				if (claimed.length === room) this.again = true;
			} while (this.again && !this.stopped);
		} catch (error) {
			this.hooks.onStoreError?.(error);
		} finally {
			this.claiming = false;
		}
		await this.sleepUntilDue();
	}

	private async sleepUntilDue(): Promise<void> {
		if (this.stopped || this.timer) return;
		const pollMs = this.hooks.pollMs ?? 1000;
		let wait = pollMs;
		if (this.inflight.size < this.settings.concurrency) {
			const due = await this.store.nextDueAt(this.settings.id).catch(() => undefined);
			if (due !== undefined) wait = Math.max(0, Math.min(due - Date.now(), pollMs));
		}
		if (this.stopped || this.timer) return;
		this.timer = setTimeout(() => {
			this.timer = undefined;
			this.wake();
		}, wait);
	}

	private launch(relay: ClaimedRelay): void {
		const task = this.attempt(relay).finally(() => {
			this.inflight.delete(relay.id);
			this.wake();
		});
		this.inflight.set(relay.id, task);
	}

	private async attempt(relay: ClaimedRelay): Promise<void> {
		const { settings } = this;
		const headers = {
			'content-type': 'application/json',
			'user-agent': 'hookbridge-gateway',
			...signDelivery(relayProfile, relay.body, settings.secret, {
				timestamp: Math.floor(Date.now() / 1000),
				messageId: relayMessageId(relay.source, relay.eventId, relay.destination),
			}),
		};
		const started = performance.now();
		const result = await postRelay(settings.url, headers, relay.body, {
			timeoutMs: settings.timeoutMs,
			agents: this.hooks.agents,
			signal: this.abort.signal,
		});
		try {
			if (this.abort.signal.aborted && result.status === null) {
				await this.store.release([relay]);
				return;
			}
			const outcome = planRelay(settings, relay.attempts, result, Date.now());
			await this.store.settle(relay, outcome);
			this.hooks.onOutcome?.(relay, outcome, performance.now() - started);
		} catch (error) {
			// Not recorded: the lease runs out and the relay is attempted again (at least once).
			this.hooks.onStoreError?.(error);
		}
	}
}
