import { getProfile } from '../../shared/providers';
import { buildDelivery } from '../../shared/sign/build-delivery';
import type { ClaimedDelivery, OutboxRepo } from '../store/outbox';
import { planAttempt } from './plan-attempt';
import { createAgents, sendAttempt } from './send-attempt';

export interface DispatcherOptions {
	/** Every delay (backoff, retry window) is divided by this; 100 = a hundred times faster. */
	timeScale: number;
	allowLoopback: boolean;
	/** Attempts in flight at once. */
	concurrency: number;
	/** Longest idle sleep before looking for due work again. */
	pollMs: number;
}

/**
 * Moves the outbox along: claims due deliveries, sends each (signed afresh, so a retry
 * carries a new timestamp), and commits the outcome with the retry or disable decision.
 */
export class Dispatcher {
	private inflight = 0;
	private readonly running = new Set<Promise<void>>();
	private timer: NodeJS.Timeout | undefined;
	private stopped = false;
	private ticking = false;
	private readonly agents = createAgents();

	constructor(
		private readonly outbox: OutboxRepo,
		private readonly options: DispatcherOptions,
	) {}

	start(): void {
		this.outbox.recoverInflight();
		this.wake();
	}

	/** New work may be due now (an event was emitted, a webhook re-enabled). */
	wake(): void {
		if (this.stopped) return;
		clearTimeout(this.timer);
		this.timer = setTimeout(() => this.tick(), 0);
	}

	/** Stops claiming and waits for attempts in flight to be recorded. */
	async stop(): Promise<void> {
		this.stopped = true;
		clearTimeout(this.timer);
		await Promise.allSettled([...this.running]);
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
		const profile = getProfile(delivery.event.provider);
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
			},
		);
		const result = await sendAttempt(webhook.url, built.headers, built.body, {
			timeoutMs: profile.delivery.timeoutMs,
			allowLoopback: this.options.allowLoopback,
			httpsOnly: profile.delivery.httpsOnly,
			agents: this.agents,
		});
		const now = Date.now();
		this.outbox.record(
			delivery,
			result,
			planAttempt(profile.delivery, delivery, result, now, this.options.timeScale),
			now,
		);
	}
}
