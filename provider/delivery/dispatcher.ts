import { buildDelivery } from '@hookbridge/core';
import type { PersonaProfiles } from '../persona-profiles';
import type { ClaimedDelivery, OutboxRepo } from '../store/outbox';
import { planAttempt } from './plan-attempt';
import { createAgents, sendAttempt } from './send-attempt';
import type { Resolver } from './target-guard';

export interface DispatcherOptions {
	/** Where each delivery's provider profile is looked up. */
	profiles: PersonaProfiles;
	/** Every delay (backoff, retry window) is divided by this; 100 = a hundred times faster. */
	timeScale: number;
	allowLoopback: boolean;
	/** Attempts in flight at once. */
	concurrency: number;
	/** Longest idle sleep before looking for due work again. */
	pollMs: number;
	/** Replaces DNS for delivery targets (tests only); the address check still applies. */
	lookup?: Resolver;
}

/**
 * Moves the outbox along: claims due deliveries, sends each (signed afresh, so a retry
 * carries a new timestamp), and commits the outcome with the retry or disable decision.
 */
export class Dispatcher {
	private inflight = 0;
	private readonly running = new Set<Promise<void>>();
	private timer: NodeJS.Timeout | undefined;
	private immediate: NodeJS.Immediate | undefined;
	private stopped = false;
	private ticking = false;
	private readonly agents = createAgents();
	private outcomes: Parameters<OutboxRepo['recordMany']>[0] = [];

	constructor(
		private readonly outbox: OutboxRepo,
		private readonly options: DispatcherOptions,
	) {}

	start(): void {
		this.outbox.recoverInflight();
		this.wake();
	}

	/**
	 * New work may be due now (an event was emitted, an attempt finished, a webhook re-enabled).
	 * Wakes in the same turn coalesce into one tick, so finished attempts are replaced by one
	 * batched claim rather than one claim each.
	 */
	wake(): void {
		if (this.stopped || this.immediate) return;
		clearTimeout(this.timer);
		this.immediate = setImmediate(() => {
			this.immediate = undefined;
			this.tick();
		});
	}

	/** Stops claiming and waits for attempts in flight to be recorded. */
	async stop(): Promise<void> {
		this.stopped = true;
		clearTimeout(this.timer);
		if (this.immediate) clearImmediate(this.immediate);
		await Promise.allSettled([...this.running]);
		this.flush();
		this.agents.http.destroy();
		this.agents.https.destroy();
	}

	private tick(): void {
		if (this.stopped || this.ticking) return;
		this.ticking = true;
		try {
			const room = this.options.concurrency - this.inflight;
			if (room > 0) {
				const now = Date.now();
				const leaseMs = 60_000;
				for (const delivery of this.outbox.claimDue(now, room, leaseMs)) this.launch(delivery);
			}
		} finally {
			this.ticking = false;
		}
		this.scheduleNext();
	}

	private scheduleNext(): void {
		if (this.stopped) return;
		clearTimeout(this.timer);
		if (this.inflight >= this.options.concurrency) return; // a finishing attempt wakes us
		const due = this.outbox.nextDueAt();
		const wait =
			due === undefined
				? this.options.pollMs
				: Math.max(0, Math.min(due - Date.now(), this.options.pollMs));
		this.timer = setTimeout(() => this.tick(), wait);
	}

	private launch(delivery: ClaimedDelivery): void {
		this.inflight += 1;
		const task = this.attempt(delivery).finally(() => {
			this.inflight -= 1;
			this.running.delete(task);
			this.wake();
		});
		this.running.add(task);
	}

	private async attempt(delivery: ClaimedDelivery): Promise<void> {
		const profile = this.options.profiles.get(delivery.event.provider);
		const { event, webhook } = delivery;
		const built = buildDelivery(
			profile,
			{
				eventId: event.id,
				deliveryId: delivery.id,
				type: event.type,
				data: event.data,
				accountId: event.accountId,
				occurredAt: event.occurredAt,
				test: event.test,
				...(event.body ? { body: event.body } : {}),
			},
			{
				...(webhook.secret ? { secret: webhook.secret } : {}),
				timestamp: Math.floor(Date.now() / 1000),
				url: webhook.url,
			},
		);
		const result = await sendAttempt(webhook.url, built.headers, built.body, {
			timeoutMs: profile.delivery.timeoutMs,
			allowLoopback: this.options.allowLoopback,
			httpsOnly: profile.delivery.httpsOnly,
			agents: this.agents,
			lookup: this.options.lookup,
		});
		const now = Date.now();
		const plan = planAttempt(profile.delivery, delivery, result, now, this.options.timeScale);
		this.outcomes.push({ delivery, result, plan, nowMs: now });
		if (this.outcomes.length === 1) setImmediate(() => this.flush());
	}

	/**
	 * Commits the outcomes gathered in this turn in one transaction. Until then a result lives
	 * only in memory; a crash before the commit makes the delivery due again (at-least-once).
	 */
	private flush(): void {
		if (this.outcomes.length === 0) return;
		const batch = this.outcomes;
		this.outcomes = [];
		this.outbox.recordMany(batch);
	}
}
