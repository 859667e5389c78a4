import type Database from 'better-sqlite3';

export type RelayState = 'pending' | 'inflight' | 'delivered' | 'dead';

export interface ClaimedRow {
	id: string;
	source: string;
	event_id: string;
	attempts: number;
	received_at: number;
	next_at: number;
}

export interface SettleParams {
	id: string;
	attempts: number;
	state: RelayState;
	nextAt: number | null;
	status: number | null;
	error: string | null;
	settledAt: number | null;
}

/** The part of a better-sqlite3 statement this store uses (and a type d.ts files can name). */
export interface Stmt<P extends unknown[], R = unknown> {
	run(...params: P): Database.RunResult;
	get(...params: P): R | undefined;
	all(...params: P): R[];
}

export type Statements = ReturnType<typeof prepareStatements>;

/** Every statement of the SQLite gateway store, prepared once per connection. */
export function prepareStatements(db: Database.Database) {
	const prepare = <P extends unknown[], R = unknown>(sql: string): Stmt<P, R> =>
		db.prepare<P, R>(sql);
	return {
		insertEvent: prepare<[string, string, string, string, number]>(
			'INSERT INTO events (source, event_id, type, body, received_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
		),
		insertRelay: prepare<
			[{ id: string; source: string; eventId: string; destination: string; receivedAt: number }]
		>(
			`INSERT INTO relays (id, source, event_id, destination, state, next_at, received_at)
			 VALUES (@id, @source, @eventId, @destination, 'pending', @receivedAt, @receivedAt)`,
		),
		knowDestination: prepare<[string]>(
			'INSERT INTO destinations (id) VALUES (?) ON CONFLICT DO NOTHING',
		),
		count: prepare<[string, 'received' | 'duplicates' | 'refused', string, number]>(
			`INSERT INTO source_counts (source, kind, code, n) VALUES (?, ?, ?, ?)
			 ON CONFLICT (source, kind, code) DO UPDATE SET n = n + excluded.n`,
		),
		// Due pending relays come off the index in order and stop at the limit; expired leases
		// are few (at most what workers held), so their arm is read whole and the union sorted.
		claim: prepare<
			[{ destination: string; now: number; leaseUntil: number; limit: number }],
			ClaimedRow
		>(
			`UPDATE relays SET state = 'inflight', lease_until = @leaseUntil
			 WHERE id IN (
				SELECT id FROM (
					SELECT id, next_at, received_at FROM (
						SELECT id, next_at, received_at FROM relays
						WHERE destination = @destination AND state = 'pending' AND next_at <= @now
						ORDER BY next_at, received_at LIMIT @limit)
					UNION ALL
					SELECT id, next_at, received_at FROM relays
					WHERE destination = @destination AND state = 'inflight' AND lease_until <= @now)
				ORDER BY next_at, received_at LIMIT @limit)
			 AND NOT EXISTS (SELECT 1 FROM destinations WHERE id = @destination AND paused = 1)
			 RETURNING id, source, event_id, attempts, received_at, next_at`,
		),
		eventOf: prepare<[string, string], { type: string; body: string }>(
			'SELECT type, body FROM events WHERE source = ? AND event_id = ?',
		),
		// Matching the attempts seen at claim time makes a settle apply to that claim only.
		settle: prepare<[SettleParams]>(
			`UPDATE relays SET state = @state, attempts = attempts + 1, next_at = COALESCE(@nextAt, next_at),
				lease_until = NULL, last_status = @status, last_error = COALESCE(@error, last_error),
				settled_at = @settledAt
			 WHERE id = @id AND state = 'inflight' AND attempts = @attempts`,
		),
		release: prepare<[string, number]>(
			"UPDATE relays SET state = 'pending', lease_until = NULL WHERE id = ? AND state = 'inflight' AND attempts = ?",
		),
		delivered: prepare<[string]>('UPDATE destinations SET delivered = delivered + 1 WHERE id = ?'),
		failed: prepare<[string, string]>('UPDATE destinations SET last_error = ? WHERE id = ?'),
		pause: prepare<[{ id: string; reason: string; at: number }]>(
			`INSERT INTO destinations (id, paused, paused_reason, paused_at) VALUES (@id, 1, @reason, @at)
			 ON CONFLICT (id) DO UPDATE SET paused = 1, paused_reason = @reason, paused_at = @at`,
		),
		resume: prepare<[string]>(
			'UPDATE destinations SET paused = 0, paused_reason = NULL, paused_at = NULL WHERE id = ? AND paused = 1',
		),
		dueNow: prepare<[{ destination: string; now: number }]>(
			"UPDATE relays SET next_at = @now WHERE destination = @destination AND state = 'pending' AND next_at > @now",
		),
		// An in-flight relay's lease end counts: a worker sleeping until then picks up a relay
		// whose worker died.
		nextDue: prepare<[{ destination: string }], { at: number | null }>(
			`SELECT MIN(at) AS at FROM (
				SELECT MIN(next_at) AS at FROM relays WHERE destination = @destination AND state = 'pending'
				UNION ALL
				SELECT MIN(lease_until) FROM relays WHERE destination = @destination AND state = 'inflight')
			 WHERE NOT EXISTS (SELECT 1 FROM destinations WHERE id = @destination AND paused = 1)`,
		),
		replay: prepare<
			[{ destination: string; since: number | null; eventId: string | null; now: number }]
		>(
			`UPDATE relays SET state = 'pending', attempts = 0, next_at = @now, settled_at = NULL
			 WHERE destination = @destination AND state = 'dead'
				AND (@since IS NULL OR received_at >= @since) AND (@eventId IS NULL OR event_id = @eventId)`,
		),
		prune: prepare<[{ cutoff: number; limit: number }]>(
			`DELETE FROM events WHERE rowid IN (
				SELECT e.rowid FROM events e WHERE e.received_at < @cutoff AND NOT EXISTS (
					SELECT 1 FROM relays r
					WHERE r.source = e.source AND r.event_id = e.event_id AND r.state <> 'delivered')
				ORDER BY e.received_at LIMIT @limit)`,
		),
		sources: prepare<
			[],
			{ source: string; kind: 'received' | 'duplicates' | 'refused'; code: string; n: number }
		>('SELECT source, kind, code, n FROM source_counts'),
		destinations: prepare<
			[],
			{
				id: string;
				paused: number;
				paused_reason: string | null;
				last_error: string | null;
				delivered: number;
			}
		>('SELECT id, paused, paused_reason, last_error, delivered FROM destinations'),
		// CROSS JOIN keeps destinations the outer loop, so each one's backlog is read through the
		// index and the delivered rows never are.
		backlog: prepare<[], { destination: string; state: RelayState; retried: number; n: number }>(
			`SELECT r.destination, r.state, r.attempts > 0 AS retried, COUNT(*) AS n
			 FROM destinations d CROSS JOIN relays r
				ON r.destination = d.id AND r.state IN ('pending', 'inflight', 'dead')
			 GROUP BY r.destination, r.state, retried`,
		),
		ping: prepare<[]>('SELECT 1 FROM destinations LIMIT 1'),
	};
}
