import type Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
	StoreUnavailableError,
	type ClaimedRelay,
	type GatewayStatus,
	type GatewayStore,
	type IngestRecord,
	type IngestResult,
	type RelayOutcome,
	type ReplayFilter,
} from './gateway-store';
import { GroupCommit } from './group-commit';
import { RefusalTally } from './refusal-tally';
import { relayId } from './relay-id';
import { RUNNER_SCHEMA, RunnerSlot, type RunnerOptions } from './runner-slot';
import { SQLITE_SCHEMA } from './sqlite-schema';
import { prepareStatements, type ClaimedRow, type Statements } from './sqlite-statements';
import { describeFailure } from './describe-failure';
import { sqliteSettle } from './sqlite-settle';
import { readSqliteStatus } from './sqlite-status';
import { sqliteDriver } from './sqlite-driver';

export interface SqliteStoreOptions {
	/** How long delivered events are kept, and so how long a redelivery is still a duplicate. */
	retentionMs?: number;
	/** How long a write waits for another process's lock before the ingest is refused (503). */
	busyTimeoutMs?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
// Pruning is a minute-by-minute chore, but one that fell behind (a backlog of old events)
// runs again a second later, so it keeps up with thousands of ingests a second.
const PRUNE_LIMIT = 5000;
const PRUNE_EVERY_MS = 60_000;
const PRUNE_BEHIND_MS = 1000;
// Refusal counters may lose this much on a crash; they are statistics, not acknowledgements.
const REFUSALS_FLUSH_MS = 1000;

/**
 * The gateway store on one machine: one SQLite file, WAL, synchronous=FULL because the
 * provider's 2xx depends on the commit. Writes of one event-loop turn share one commit
 * (GroupCommit). A settle applies only to the claim it answers (relay still in flight, same
 * attempt count); a late one, from a worker whose lease ran out and was claimed again, is
 * ignored, so each attempt is counted once and delivery stays at-least-once. A lease ends at
 * `nowMs + leaseMs`: from that instant the relay is due again, so a claim at nextDueAt() finds it.
 *
 * Retention: an event whose relays were all delivered is deleted `retentionMs` (7 days by
 * default) after it was received, with its relays. Dedupe therefore holds for that window;
 * events with a relay still pending or dead are kept until it is delivered.
 */
export class SqliteStore implements GatewayStore {
	private readonly s: Statements;
	private readonly writes: GroupCommit;
	private readonly refusals = new RefusalTally();
	private refusalsTimer: NodeJS.Timeout | undefined;
	private nextPruneAt = Number.NEGATIVE_INFINITY;
	private closed = false;
	private runner: RunnerSlot | undefined;

	private constructor(
		private readonly db: Database.Database,
		private readonly file: string,
		private readonly retentionMs: number,
	) {
		this.s = prepareStatements(db);
		this.writes = new GroupCommit(db);
	}

	static open(file: string, options: SqliteStoreOptions = {}): SqliteStore {
		if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
		const db = new (sqliteDriver())(file);
		try {
			db.pragma('journal_mode = WAL');
			db.pragma('synchronous = FULL');
			db.pragma(`busy_timeout = ${Math.floor(options.busyTimeoutMs ?? 5000)}`);
			db.pragma('foreign_keys = ON');
			db.exec(SQLITE_SCHEMA);
			db.exec(RUNNER_SCHEMA);
		} catch (error) {
			db.close();
			throw error;
		}
		return new SqliteStore(db, file, options.retentionMs ?? 7 * DAY_MS);
	}

	/**
	 * One gateway process relays from a SQLite file (RunnerSlot): refuses a second live one, and
	 * puts back, due at once, the relays a crashed predecessor left in flight. `gateway status`,
	 * `replay` and `resume` open the file without attaching, so they work beside a running gateway.
	 */
	async attach(options?: RunnerOptions): Promise<number> {
		if (this.closed) throw closedError();
		if (this.runner) return 0;
		try {
			const { slot, released } = await RunnerSlot.take(this.db, this.file, options);
			this.runner = slot;
			return released;
		} catch (error) {
			// Closed while waiting for a busy slot: the store's own error, not better-sqlite3's.
			if (this.closed) throw closedError();
			throw error;
		}
	}

	ingest(record: IngestRecord): Promise<IngestResult> {
		return this.write(() => {
			const { source, eventId, receivedAt } = record;
			const added = this.s.insertEvent.run(source, eventId, record.type, record.body, receivedAt);
			if (added.changes === 0) {
				this.s.count.run(source, 'duplicates', '', 1);
				return { duplicate: true };
			}
			for (const destination of new Set(record.destinations)) {
				const id = relayId(source, eventId, destination);
				this.s.insertRelay.run({ id, source, eventId, destination, receivedAt });
				this.s.knowDestination.run(destination);
			}
			this.s.count.run(source, 'received', '', 1);
			this.pruneIfDue(receivedAt);
			return { duplicate: false };
		});
	}

	claim(
		destination: string,
		limit: number,
		nowMs: number,
		leaseMs: number,
	): Promise<ClaimedRelay[]> {
		return this.write(() => {
			// A negative LIMIT means "no limit" to SQLite.
			const params = {
				destination,
				now: nowMs,
				leaseUntil: nowMs + leaseMs,
				limit: Math.max(0, limit),
			};
			const rows = this.s.claim.all(params);
			// RETURNING yields rows in no particular order.
			rows.sort((a, b) => a.next_at - b.next_at || a.received_at - b.received_at);
			return rows.map((row) => this.toClaimed(row, destination));
		});
	}

	settle(relay: ClaimedRelay, outcome: RelayOutcome): Promise<void> {
		return this.write(() => {
			const params = sqliteSettle(relay, outcome);
			if (this.s.settle.run(params).changes === 0) return;
			if (outcome.kind === 'delivered') this.s.delivered.run(relay.destination);
			else this.s.failed.run(describeFailure(outcome), relay.destination);
			if (outcome.kind === 'paused') {
				this.s.pause.run({ id: relay.destination, reason: outcome.reason, at: outcome.at });
			}
		});
	}

	release(relays: readonly ClaimedRelay[]): Promise<void> {
		return this.write(() => {
			for (const relay of relays) this.s.release.run(relay.id, relay.attempts);
		});
	}

	nextDueAt(destination: string): Promise<number | undefined> {
		return this.read(() => this.s.nextDue.get({ destination })?.at ?? undefined);
	}

	pause(destination: string, reason: string, nowMs: number): Promise<void> {
		return this.write(() => {
			this.s.pause.run({ id: destination, reason, at: nowMs });
		});
	}

	resume(destination: string, nowMs: number): Promise<boolean> {
		return this.write(() => {
			// Resuming a destination that was not paused changes nothing: its backoff stands.
			if (this.s.resume.run(destination).changes === 0) return false;
			this.s.dueNow.run({ destination, now: nowMs });
			return true;
		});
	}

	replay(filter: ReplayFilter, nowMs: number): Promise<number> {
		return this.write(() => {
			const { destination, since, eventId } = filter;
			const params = { destination, since: since ?? null, eventId: eventId ?? null, now: nowMs };
			return this.s.replay.run(params).changes;
		});
	}

	countRefused(source: string, code: string, n = 1): Promise<void> {
		if (this.closed) return Promise.reject(closedError());
		this.refusals.add(source, code, n);
		this.refusalsTimer ??= setTimeout(() => {
			this.refusalsTimer = undefined;
			// A failed write keeps the counts in the tally; status() or close() reports the failure.
			this.flushRefusals().catch(() => undefined);
		}, REFUSALS_FLUSH_MS).unref();
		return Promise.resolve();
	}

	async status(): Promise<GatewayStatus> {
		await this.flushRefusals();
		return this.read(() => readSqliteStatus(this.s));
	}

	sourceSecret(source: string): Promise<string | undefined> {
		return this.read(() => {
			const row = this.db
				.prepare<[string], { secret: string }>('SELECT secret FROM source_secrets WHERE source = ?')
				.get(source);
			return row?.secret;
		});
	}

	saveSourceSecret(source: string, secret: string): Promise<void> {
		return this.write(() => {
			this.db
				.prepare(
					'INSERT INTO source_secrets (source, secret, saved_at) VALUES (?, ?, ?) ON CONFLICT (source) DO UPDATE SET secret = excluded.secret, saved_at = excluded.saved_at',
				)
				.run(source, secret, Date.now());
		});
	}

	ping(): Promise<void> {
		return this.read(() => {
			this.s.ping.get();
		});
	}

	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		clearTimeout(this.refusalsTimer);
		const refusalsWritten = this.flushRefusals();
		this.writes.flush();
		try {
			await refusalsWritten;
		} finally {
			// Even when the refusal counts could not be written: the next gateway must not wait.
			this.leaveSlot();
			this.db.close();
		}
	}

	private leaveSlot(): void {
		try {
			this.runner?.leave();
		} catch {
			// A file that cannot be written now: the slot goes stale in three beats instead.
		}
		this.runner = undefined;
	}

	private write<T>(op: () => T): Promise<T> {
		if (this.closed) return Promise.reject(closedError());
		return this.writes.run(op);
	}

	private async read<T>(op: () => T): Promise<T> {
		try {
			return op();
		} catch (error) {
			throw new StoreUnavailableError(error);
		}
	}

	private flushRefusals(): Promise<void> {
		if (this.refusals.size === 0) return Promise.resolve();
		const counts = this.refusals.take();
		return this.writes
			.run(() => {
				for (const c of counts) this.s.count.run(c.source, 'refused', c.code, c.n);
			})
			.catch((error: unknown) => {
				this.refusals.restore(counts);
				throw error;
			});
	}

	private pruneIfDue(nowMs: number): void {
		if (nowMs < this.nextPruneAt) return;
		const cutoff = nowMs - this.retentionMs;
		const pruned = this.s.prune.run({ cutoff, limit: PRUNE_LIMIT }).changes;
		this.nextPruneAt = nowMs + (pruned === PRUNE_LIMIT ? PRUNE_BEHIND_MS : PRUNE_EVERY_MS);
	}

	private toClaimed(row: ClaimedRow, destination: string): ClaimedRelay {
		const event = this.s.eventOf.get(row.source, row.event_id);
		// The foreign key makes this impossible; failing loudly beats relaying an empty body.
		if (!event) throw new Error(`relay ${row.id} has no event`);
		return {
			id: row.id,
			destination,
			source: row.source,
			eventId: row.event_id,
			type: event.type,
			body: event.body,
			attempts: row.attempts,
			receivedAt: row.received_at,
		};
	}
}

function closedError(): StoreUnavailableError {
	return new StoreUnavailableError(new Error('the store is closed'));
}
