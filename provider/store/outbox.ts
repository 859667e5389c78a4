import { randomUUID } from 'node:crypto';
import type { Db } from './open-database';
import { toWebhook, type Webhook, type WebhookRow } from './webhooks';

export interface StoredEvent {
	id: string;
	provider: string;
	accountId: string;
	type: string;
	data: unknown;
	/** A whole body to send instead of the envelope (a test call's catalog sample). */
	body?: Record<string, unknown>;
	test: boolean;
	occurredAt: string;
}

export interface ClaimedDelivery {
	id: string;
	attempts: number;
	firstAt: number;
	event: StoredEvent;
	webhook: Webhook;
}

export interface AttemptResult {
	statusCode: number | null;
	responseBody: string;
	error: string | null;
	durationMs: number;
}

export interface AttemptPlan {
	ok: boolean;
	/** When to try again after a failure; null = no more attempts. */
	retryAt: number | null;
	/** The answer disables the webhook at once (410 Gone). */
	disableNow: boolean;
	/** Consecutive failed attempts that disable the webhook; null = never. */
	autoDisableAfter: number | null;
}

export interface AttemptLogEntry {
	deliveryId: string;
	eventId: string;
	webhookId: string;
	type: string;
	url: string;
	attempt: number;
	status: 'succeeded' | 'failed';
	responseCode: number | null;
	responseBody: string;
	error: string | null;
	durationMs: number;
	at: string;
}

interface EventRow {
	id: string;
	provider: string;
	account_id: string;
	type: string;
	data: string;
	body: string | null;
	test: number;
	occurred_at: string;
}

/**
 * The durable outbox: an event and its deliveries are committed before the emitter hears
 * 202; a delivery is claimed, attempted, and its outcome committed with the webhook's
 * counters in one transaction. A crash between claim and commit leaves it 'inflight', and
 * `recoverInflight` at start makes it due again: at-least-once, never lost.
 */
export class OutboxRepo {
	private readonly s;

	constructor(private readonly db: Db) {
		this.s = {
			insertEvent: db.prepare(
				'INSERT INTO events (id, provider, account_id, type, data, body, test, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
			),
			insertDelivery: db.prepare(
				"INSERT INTO deliveries (id, event_id, webhook_seq, state, next_at, created_at) VALUES (?, ?, ?, 'pending', ?, ?)",
			),
			recover: db.prepare(
				"UPDATE deliveries SET state = 'pending', lease_until = NULL WHERE state = 'inflight'",
			),
			claim: db.prepare<
				{ now: number; lease: number; limit: number },
				{ id: string; event_id: string; webhook_seq: number; attempts: number; first_at: number }
			>(
				`UPDATE deliveries SET state = 'inflight', lease_until = @lease, first_at = COALESCE(first_at, @now)
				 WHERE id IN (SELECT d.id FROM deliveries d JOIN webhooks w ON w.seq = d.webhook_seq
				   WHERE d.state = 'pending' AND d.next_at <= @now AND w.active = 1 AND w.deleted = 0
				   ORDER BY d.next_at LIMIT @limit)
				 RETURNING id, event_id, webhook_seq, attempts, first_at`,
			),
			event: db.prepare<[string], EventRow>('SELECT * FROM events WHERE id = ?'),
			webhook: db.prepare<[number], WebhookRow>('SELECT * FROM webhooks WHERE seq = ?'),
			// Walks the (state, next_at) index in order and stops at the first active webhook's
			// delivery, instead of joining every pending row (MIN over a join).
			nextDue: db.prepare<[], { at: number | null }>(
				`SELECT d.next_at AS at FROM deliveries d JOIN webhooks w ON w.seq = d.webhook_seq
				 WHERE d.state = 'pending' AND w.active = 1 AND w.deleted = 0 ORDER BY d.next_at LIMIT 1`,
			),
			insertAttempt: db.prepare(
				'INSERT INTO attempts (delivery_id, attempt, url, status_code, response_body, error, duration_ms, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
			),
			succeed: db.prepare(
				"UPDATE deliveries SET state = 'succeeded', attempts = attempts + 1, lease_until = NULL WHERE id = ?",
			),
			retry: db.prepare(
				"UPDATE deliveries SET state = 'pending', attempts = attempts + 1, next_at = ?, lease_until = NULL WHERE id = ?",
			),
			fail: db.prepare(
				"UPDATE deliveries SET state = 'failed', attempts = attempts + 1, lease_until = NULL WHERE id = ?",
			),
			webhookOk: db.prepare(
				'UPDATE webhooks SET failure_count = 0, last_triggered_at = ?, last_response_code = ? WHERE seq = ?',
			),
			webhookFailed: db.prepare<[string, number | null, number], { failure_count: number }>(
				'UPDATE webhooks SET failure_count = failure_count + 1, last_triggered_at = ?, last_response_code = ? WHERE seq = ? RETURNING failure_count',
			),
			disable: db.prepare(
				'UPDATE webhooks SET active = 0, disabled_reason = ? WHERE seq = ? AND active = 1',
			),
			log: db.prepare<[string, string, number], AttemptLogRow>(
				`SELECT a.*, d.event_id, e.type, w.id AS webhook_id FROM attempts a
				 JOIN deliveries d ON d.id = a.delivery_id JOIN events e ON e.id = d.event_id
				 JOIN webhooks w ON w.seq = d.webhook_seq
				 WHERE w.provider = ? AND w.account_id = ? ORDER BY a.id DESC LIMIT ?`,
			),
			states: db.prepare<[string], { state: string; n: number }>(
				'SELECT d.state, COUNT(*) AS n FROM deliveries d JOIN webhooks w ON w.seq = d.webhook_seq WHERE w.provider = ? GROUP BY d.state',
			),
		};
	}

	/** Commits an event and one pending delivery per webhook, atomically. */
	emit(event: StoredEvent, webhooks: Webhook[], nowMs: number): string[] {
		return this.db.transaction(() => {
			this.s.insertEvent.run(
				event.id,
				event.provider,
				event.accountId,
				event.type,
				JSON.stringify(event.data ?? null),
				event.body ? JSON.stringify(event.body) : null,
				event.test ? 1 : 0,
				event.occurredAt,
			);
			return webhooks.map((webhook) => {
				const id = randomUUID();
				this.s.insertDelivery.run(id, event.id, webhook.seq, nowMs, nowMs);
				return id;
			});
		})();
	}

	recoverInflight(): number {
		return this.s.recover.run().changes;
	}

	claimDue(nowMs: number, limit: number, leaseMs: number): ClaimedDelivery[] {
		return this.db.transaction(() => {
			// A batch mostly shares a few webhooks: read each once.
			const webhooks = new Map<number, Webhook>();
			const webhookOf = (seq: number) => {
				let webhook = webhooks.get(seq);
				if (!webhook) webhooks.set(seq, (webhook = toWebhook(this.s.webhook.get(seq)) as Webhook));
				return webhook;
			};
			return this.s.claim.all({ now: nowMs, lease: nowMs + leaseMs, limit }).map((row) => ({
				id: row.id,
				attempts: row.attempts,
				firstAt: row.first_at,
				event: toEvent(this.s.event.get(row.event_id) as EventRow),
				webhook: webhookOf(row.webhook_seq),
			}));
		})();
	}

	nextDueAt(): number | undefined {
		return this.s.nextDue.get()?.at ?? undefined;
	}

	/** Commits several attempts' outcomes in one transaction (one commit, not one each). */
	recordMany(
		outcomes: Array<{
			delivery: ClaimedDelivery;
			result: AttemptResult;
			plan: AttemptPlan;
			nowMs: number;
		}>,
	): void {
		this.db.transaction(() => {
			for (const o of outcomes) this.record(o.delivery, o.result, o.plan, o.nowMs);
		})();
	}

	/** Commits one attempt's outcome with the delivery's next state and the webhook's counters. */
	record(delivery: ClaimedDelivery, result: AttemptResult, plan: AttemptPlan, nowMs: number): void {
		const at = new Date(nowMs).toISOString();
		const seq = delivery.webhook.seq;
		this.db.transaction(() => {
			this.s.insertAttempt.run(
				delivery.id,
				delivery.attempts + 1,
				delivery.webhook.url,
				result.statusCode,
				result.responseBody,
				result.error,
				Math.round(result.durationMs),
				at,
			);
			if (plan.ok) {
				this.s.succeed.run(delivery.id);
				this.s.webhookOk.run(at, result.statusCode, seq);
				return;
			}
			if (plan.retryAt === null) this.s.fail.run(delivery.id);
			else this.s.retry.run(plan.retryAt, delivery.id);
			const failures = this.s.webhookFailed.get(at, result.statusCode, seq)?.failure_count ?? 0;
			if (plan.disableNow) this.s.disable.run('gone', seq);
			else if (plan.autoDisableAfter !== null && failures >= plan.autoDisableAfter)
				this.s.disable.run('auto', seq);
		})();
	}

	log(provider: string, accountId: string, limit: number): AttemptLogEntry[] {
		return this.s.log.all(provider, accountId, limit).map((row) => ({
			deliveryId: row.delivery_id,
			eventId: row.event_id,
			webhookId: row.webhook_id,
			type: row.type,
			url: row.url,
			attempt: row.attempt,
			status:
				row.status_code !== null && row.status_code >= 200 && row.status_code < 300
					? 'succeeded'
					: 'failed',
			responseCode: row.status_code,
			responseBody: row.response_body ?? '',
			error: row.error,
			durationMs: row.duration_ms,
			at: row.at,
		}));
	}

	/** Deliveries by state for one provider (pending, inflight, succeeded, failed, cancelled). */
	states(provider: string): Record<string, number> {
		return Object.fromEntries(this.s.states.all(provider).map((r) => [r.state, r.n]));
	}
}

interface AttemptLogRow {
	delivery_id: string;
	event_id: string;
	webhook_id: string;
	type: string;
	url: string;
	attempt: number;
	status_code: number | null;
	response_body: string | null;
	error: string | null;
	duration_ms: number;
	at: string;
}

function toEvent(row: EventRow): StoredEvent {
	return {
		id: row.id,
		provider: row.provider,
		accountId: row.account_id,
		type: row.type,
		data: JSON.parse(row.data) as unknown,
		...(row.body ? { body: JSON.parse(row.body) as Record<string, unknown> } : {}),
		test: row.test === 1,
		occurredAt: row.occurred_at,
	};
}
