import type { Db } from './open-database';

export interface Webhook {
	seq: number;
	id: string;
	provider: string;
	accountId: string;
	url: string;
	events: string[];
	secret: string | null;
	description: string | null;
	active: boolean;
	/** 'auto' after too many consecutive failures, 'gone' after a 410, 'user' when set inactive. */
	disabledReason: string | null;
	failureCount: number;
	lastTriggeredAt: string | null;
	lastResponseCode: number | null;
	createdAt: string;
}

export interface WebhookRow {
	seq: number;
	id: string;
	provider: string;
	account_id: string;
	url: string;
	events: string;
	secret: string | null;
	description: string | null;
	active: number;
	disabled_reason: string | null;
	failure_count: number;
	last_triggered_at: string | null;
	last_response_code: number | null;
	created_at: string;
}

export interface NewWebhook {
	id?: string;
	provider: string;
	accountId: string;
	url: string;
	events: readonly string[];
	secret: string | null;
	description?: string | null;
	active: boolean;
}

export class WebhooksRepo {
	private readonly statements;

	constructor(private readonly db: Db) {
		this.statements = {
			insert: db.prepare(
				`INSERT INTO webhooks (id, provider, account_id, url, events, secret, description, active, disabled_reason, created_at)
				 VALUES (@id, @provider, @accountId, @url, @events, @secret, @description, @active, @disabledReason, @createdAt)`,
			),
			setId: db.prepare('UPDATE webhooks SET id = ? WHERE seq = ?'),
			bySeq: db.prepare<[number], WebhookRow>('SELECT * FROM webhooks WHERE seq = ?'),
			byId: db.prepare<[string, string, string], WebhookRow>(
				'SELECT * FROM webhooks WHERE id = ? AND account_id = ? AND provider = ? AND deleted = 0',
			),
			list: db.prepare<[string, string, number, number], WebhookRow>(
				'SELECT * FROM webhooks WHERE account_id = ? AND provider = ? AND deleted = 0 ORDER BY seq LIMIT ? OFFSET ?',
			),
			count: db.prepare<[string, string], { n: number }>(
				'SELECT COUNT(*) AS n FROM webhooks WHERE account_id = ? AND provider = ? AND deleted = 0',
			),
			update: db.prepare(
				'UPDATE webhooks SET url = @url, events = @events, active = @active, disabled_reason = @disabledReason, secret = @secret, failure_count = @failureCount WHERE seq = @seq',
			),
			remove: db.prepare('UPDATE webhooks SET deleted = 1, active = 0 WHERE seq = ?'),
			cancelPending: db.prepare(
				"UPDATE deliveries SET state = 'cancelled' WHERE webhook_seq = ? AND state IN ('pending', 'inflight')",
			),
			subscribed: db.prepare<[string, string], WebhookRow>(
				'SELECT * FROM webhooks WHERE account_id = ? AND provider = ? AND deleted = 0 AND active = 1',
			),
		};
	}

	/** Inserts a webhook; without an id, its sequence number is its id (APIs with integer ids). */
	create(webhook: NewWebhook): Webhook {
		const info = this.statements.insert.run({
			...webhook,
			id: webhook.id ?? `pending-${process.hrtime.bigint()}`,
			events: JSON.stringify(webhook.events),
			description: webhook.description ?? null,
			active: webhook.active ? 1 : 0,
			disabledReason: webhook.active ? null : 'user',
			createdAt: new Date().toISOString(),
		});
		const seq = Number(info.lastInsertRowid);
		if (webhook.id === undefined) this.statements.setId.run(String(seq), seq);
		return this.bySeq(seq) as Webhook;
	}

	bySeq(seq: number): Webhook | undefined {
		return toWebhook(this.statements.bySeq.get(seq));
	}

	/** Only ever within one account: another account's id reads as not found. */
	find(provider: string, accountId: string, id: string): Webhook | undefined {
		return toWebhook(this.statements.byId.get(id, accountId, provider));
	}

	list(provider: string, accountId: string, limit = 1000, offset = 0): Webhook[] {
		return this.statements.list
			.all(accountId, provider, limit, offset)
			.map((row) => toWebhook(row) as Webhook);
	}

	count(provider: string, accountId: string): number {
		return this.statements.count.get(accountId, provider)?.n ?? 0;
	}

	/** Active webhooks of an account (those that receive new events). */
	active(provider: string, accountId: string): Webhook[] {
		return this.statements.subscribed
			.all(accountId, provider)
			.map((row) => toWebhook(row) as Webhook);
	}

	save(webhook: Webhook): Webhook {
		this.statements.update.run({
			seq: webhook.seq,
			url: webhook.url,
			events: JSON.stringify(webhook.events),
			active: webhook.active ? 1 : 0,
			disabledReason: webhook.active ? null : (webhook.disabledReason ?? 'user'),
			secret: webhook.secret,
			failureCount: webhook.failureCount,
		});
		return this.bySeq(webhook.seq) as Webhook;
	}

	/** Deletes a webhook and cancels what it still had to deliver. */
	remove(webhook: Webhook): void {
		this.db.transaction(() => {
			this.statements.remove.run(webhook.seq);
			this.statements.cancelPending.run(webhook.seq);
		})();
	}
}

export function toWebhook(row: WebhookRow | undefined): Webhook | undefined {
	if (!row) return undefined;
	return {
		seq: row.seq,
		id: row.id,
		provider: row.provider,
		accountId: row.account_id,
		url: row.url,
		events: JSON.parse(row.events) as string[],
		secret: row.secret,
		description: row.description,
		active: row.active === 1,
		disabledReason: row.disabled_reason,
		failureCount: row.failure_count,
		lastTriggeredAt: row.last_triggered_at,
		lastResponseCode: row.last_response_code,
		createdAt: row.created_at,
	};
}
