import { Queue, Worker, type Job } from 'bullmq';
import Redis from 'ioredis';
import {
	StoreUnavailableError,
	type ClaimedRelay,
	type DestinationStatus,
	type GatewayStatus,
	type GatewayStore,
	type IngestRecord,
	type IngestResult,
	type RelayOutcome,
	type ReplayFilter,
	type SourceStatus,
} from './gateway-store';
import { describeFailure } from './describe-failure';
import { relayId } from './relay-id';
import { exec, reconnectDelay, reportOnce, withDeadline } from './redis-calls';
import {
	claimKey,
	ignoreLostClaim,
	jobId,
	RELAY_JOB,
	takeJobs,
	toRelay,
	type Held,
	type RelayData,
} from './redis-jobs';
import { queueName, storeKeys, type StoreKeys } from './redis-keys';
import { defineScripts, type ScriptedRedis } from './redis-scripts';

export interface RedisStoreOptions {
	/** Namespace of every key (BullMQ's and the store's); instances that share it share work. */
	prefix?: string;
	/** How long an event id stays a duplicate (delivered relays are removed at once). */
	retentionMs?: number;
	/**
	 * How often, at most, a claim runs BullMQ's stalled-job check (the interval is shared by all
	 * instances). A relay whose lease ran out (its instance died) is claimable again within
	 * about two checks after the lease end.
	 */
	leaseCheckMs?: number;
	/** Background errors (reconnects, the stalled check); operations reject on their own. */
	onError?: (error: Error) => void;
}

const DAY_MS = 24 * 60 * 60 * 1000;
// A provider must get its 503 in a couple of seconds, even from a server that hangs. Not
// ioredis's commandTimeout: its timer outlives commands refused at once, so a closed store
// would hold the process open that long.
const ANSWER_WITHIN_MS = 3000;
// ioredis waits this long for a socket to close on disconnect, and the whole time when the
// socket closed already (Redis is down): a store closed then would hold the process 2 s.
const DISCONNECT_TIMEOUT_MS = 100;
// A relay worker must hear of an outage too, to back off and report it. Claims and settles go
// through BullMQ's worker connections, which keep a command sent before Redis went away (or
// stopped answering) until it is back: BullMQ forces maxRetriesPerRequest null on them. Longer
// than ANSWER_WITHIN_MS, as a claim is several round trips. A call that answers later still
// lands: a relay it claimed or left claimed waits for its lease, as after a crash.
const RELAY_CALL_WITHIN_MS = 10_000;
const REPLAY_PAGE = 100;

/**
 * The gateway store for several instances: Redis, through BullMQ, one queue per destination
 * (`<prefix>:<destination>`), jobs fetched by hand (no processor callbacks).
 *
 * Clock: BullMQ decides what is due and when a lease ends by the wall clock (Date.now() in its
 * scripts, lock keys with a TTL), so `nowMs` is not consulted: claim takes what is due now, a
 * retry's `nextAt` is taken as an epoch instant, a lease is `leaseMs` of real time. Relays
 * due now come in enqueue order; one due later (a retry, a receivedAt ahead of this clock)
 * joins them when it is due, in due order. A dead instance's relays come back through
 * BullMQ's stalled check, which claims run (`leaseCheckMs`). The shared contract holds on the
 * wall clock (test/gateway/redis-store.test.ts), except that nextDueAt leaves leases out.
 *
 * Bodies live in the jobs: one copy per destination, kept while pending or dead, removed on
 * delivery (memory: body size x destinations x the backlog). The event's marker keeps it a
 * duplicate for `retentionMs`.
 */
export class RedisStore implements GatewayStore {
	private readonly queues = new Map<string, Queue<RelayData>>();
	private readonly workers = new Map<string, Worker<RelayData>>();
	private readonly claims = new Map<string, Held>();
	private readonly keys: StoreKeys;
	private closed = false;
	private closing: Promise<void> | undefined;

	private constructor(
		private readonly client: ScriptedRedis,
		private readonly url: string,
		private readonly prefix: string,
		private readonly retentionMs: number,
		private readonly leaseCheckMs: number,
		private readonly onError: (error: Error) => void,
	) {
		this.keys = storeKeys(prefix);
	}

	/** Connects (rejects when Redis cannot be reached); nothing is written until first use. */
	static async open(url: string, options: RedisStoreOptions = {}): Promise<RedisStore> {
		const onError = options.onError ?? reportOnce();
		const client = defineScripts(
			new Redis(url, {
				lazyConnect: true,
				// Fail fast instead of queueing while disconnected: ingress answers 503 at once.
				enableOfflineQueue: false,
				maxRetriesPerRequest: 1,
				disconnectTimeout: DISCONNECT_TIMEOUT_MS,
			}),
		);
		client.on('error', onError);
		try {
			await client.connect();
		} catch (error) {
			client.disconnect();
			throw new StoreUnavailableError(error);
		}
		const retentionMs = options.retentionMs ?? 7 * DAY_MS;
		const leaseCheckMs = options.leaseCheckMs ?? 5000;
		const prefix = options.prefix ?? 'hookbridge';
		return new RedisStore(client, url, prefix, retentionMs, leaseCheckMs, onError);
	}

	/**
	 * The relays first, with ids derived from (source, eventId, destination): adding a job whose
	 * id exists is a no-op in BullMQ, so adding them again is harmless. Then one SET NX of the
	 * event's marker decides new versus duplicate. A crash before the marker leaves no 2xx and
	 * no marker: the provider's retry adds the missing relays and is new. A crash after it left
	 * every relay in place: the retry is a duplicate and loses nothing. Two instances racing on
	 * one event add the same jobs, and only one of their SET NX succeeds. BullMQ's own
	 * deduplication option is per queue, and an event may have no destination at all.
	 */
	ingest(record: IngestRecord): Promise<IngestResult> {
		return this.guard(async () => {
			const { source, eventId, receivedAt } = record;
			const marker = this.keys.event(source, eventId);
			if ((await this.client.hbSeen(marker, this.keys.source(source))) === 1) {
				return { duplicate: true };
			}
			const destinations = [...new Set(record.destinations)];
			if (destinations.length > 0) {
				const data: RelayData = {
					source,
					eventId,
					type: record.type,
					body: record.body,
					receivedAt,
				};
				// An event received "in the future" (another instance's clock ahead of ours) waits
				// until then, as it would in the SQLite store. BullMQ's due time is timestamp + delay.
				const delay = Math.max(0, receivedAt - Date.now());
				// One round trip for all, not one after another: Redis answers each write only after
				// its AOF fsync. The destination names are for status; nothing waits on their order.
				await Promise.all([
					this.client.sadd(this.keys.destinations, ...destinations),
					...destinations.map((d) =>
						this.queue(d).add(RELAY_JOB, data, {
							jobId: relayId(source, eventId, d),
							timestamp: receivedAt - delay,
							delay,
							// Gone once delivered: BullMQ prunes finished jobs only when another one
							// finishes, so a kept one could outlive the event's marker, and a resend
							// after retention would find the old job and not be relayed again.
							removeOnComplete: true,
							removeOnFail: false,
							stackTraceLimit: 0,
						}),
					),
				]);
			}
			const counters = this.keys.source(source);
			const { sources } = this.keys;
			const fresh = await this.client.hbMark(
				marker,
				counters,
				sources,
				this.retentionMs,
				source,
				receivedAt,
			);
			return { duplicate: fresh === 0 };
		}, ANSWER_WITHIN_MS);
	}

	claim(
		destination: string,
		limit: number,
		_nowMs: number,
		leaseMs: number,
	): Promise<ClaimedRelay[]> {
		return this.guard(async () => {
			const worker = this.worker(destination, leaseMs);
			// A worker made while Redis is down waits for it; the caller hears of it meanwhile.
			await withDeadline(worker.waitUntilReady(), ANSWER_WITHIN_MS);
			// Expired leases go back in line first. Run here rather than on BullMQ's timer, whose
			// retry delay after a connection error outlives close() and keeps a process alive.
			await worker.getBackend().moveStalledJobsToWait();
			const held = await takeJobs(worker, limit, leaseMs);
			if (held.length === 0) return [];
			const ids = held.map((h) => jobId(h.job));
			const attempts = await this.client.hmget(this.keys.attempts(destination), ...ids);
			return held.map((h, i) => {
				const relay = toRelay(h.job, destination, Number(attempts[i] ?? 0));
				this.claims.set(claimKey(relay), h);
				return relay;
			});
		}, RELAY_CALL_WITHIN_MS);
	}

	/**
	 * Applies to the claim it answers only: a relay object from an older claim, or one already
	 * settled, finds no lock (or not its own) and changes nothing, as in the SQLite store.
	 * extendLock both checks the claim is still ours and keeps it ours while we write.
	 */
	settle(relay: ClaimedRelay, outcome: RelayOutcome): Promise<void> {
		return this.guard(async () => {
			const held = this.takeClaim(relay);
			if (!held || (await held.job.extendLock(held.token, held.leaseMs)) !== 1) return;
			const { job, token } = held;
			if (outcome.kind === 'delivered') {
				const counters = this.keys.destination(relay.destination);
				await this.client.hbCountDelivered(this.queue(relay.destination).toKey(relay.id), counters);
				await job.moveToCompleted({ status: outcome.status, at: outcome.at }, token, false);
				// Left behind by a crash before it, the entry is dropped by the next status read.
				await this.client.hdel(this.keys.attempts(relay.destination), relay.id);
				return;
			}
			const failure = describeFailure(outcome);
			const fields: Record<string, string> = { lastError: failure };
			if (outcome.kind === 'paused') fields.pausedReason = outcome.reason;
			await exec(
				this.client
					.multi()
					.hincrby(this.keys.attempts(relay.destination), relay.id, 1)
					.hset(this.keys.destination(relay.destination), fields),
			);
			if (outcome.kind === 'retry') {
				await job.moveToDelayed(outcome.nextAt, token);
			} else if (outcome.kind === 'dead') {
				await job.moveToFailed(new Error(failure), token, false);
				await this.client.hdel(this.keys.attempts(relay.destination), relay.id);
			} else {
				// Paused first, so the relay goes back to the paused list and no one takes it.
				await this.queue(relay.destination).pause();
				await job.moveToWait(token);
			}
		}, RELAY_CALL_WITHIN_MS);
	}

	release(relays: readonly ClaimedRelay[]): Promise<void> {
		return this.guard(async () => {
			for (const relay of relays) {
				const held = this.takeClaim(relay);
				if (!held) continue;
				// moveToWait puts it at the head of the line and counts no attempt.
				await held.job.moveToWait(held.token).catch(ignoreLostClaim);
			}
		}, RELAY_CALL_WITHIN_MS);
	}

	/**
	 * Leases are left out: a relay whose lease ended is due only once the stalled check has
	 * moved it back, so a worker sleeping until the lease end would wake to nothing and spin.
	 */
	nextDueAt(destination: string): Promise<number | undefined> {
		return this.guard(async () => {
			const { toKey } = this.queue(destination);
			const keys = ['meta', 'wait', 'delayed'].map(toKey);
			return (await this.client.hbNextDue(...keys, toKey(''))) ?? undefined;
		});
	}

	pause(destination: string, reason: string, _nowMs: number): Promise<void> {
		return this.guard(async () => {
			await exec(
				this.client
					.multi()
					.sadd(this.keys.destinations, destination)
					.hset(this.keys.destination(destination), { pausedReason: reason }),
			);
			await this.queue(destination).pause();
		});
	}

	/** Resuming a destination that was not paused changes nothing: its backoff stands. */
	resume(destination: string, _nowMs: number): Promise<boolean> {
		return this.guard(async () => {
			const queue = this.queue(destination);
			if (!(await queue.isPaused())) return false;
			await queue.resume();
			await queue.promoteJobs();
			await this.client.hdel(this.keys.destination(destination), 'pausedReason');
			return true;
		});
	}

	/** Dead relays are BullMQ's failed set; job.retry puts each back in line, attempts reset. */
	replay(filter: ReplayFilter, _nowMs: number): Promise<number> {
		return this.guard(async () => {
			const { destination, since, eventId } = filter;
			if (!(await this.client.sismember(this.keys.destinations, destination))) return 0;
			const queue = this.queue(destination);
			const matching: Job<RelayData>[] = [];
			// Oldest first, so relays that die meanwhile join the end and shift no page.
			for (let start = 0; ; start += REPLAY_PAGE) {
				const page = await queue.getJobs(['failed'], start, start + REPLAY_PAGE - 1, true);
				for (const job of page) {
					if (since !== undefined && job.data.receivedAt < since) continue;
					if (eventId !== undefined && job.data.eventId !== eventId) continue;
					matching.push(job);
				}
				if (page.length < REPLAY_PAGE) break;
			}
			let replayed = 0;
			for (const job of matching) {
				const retried = await job
					.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true })
					.then(() => true, ignoreLostClaim);
				if (retried) replayed++;
			}
			return replayed;
		});
	}

	/** Straight to Redis: with appendfsync always it fsyncs once per event-loop turn, not per call. */
	countRefused(source: string, code: string, n = 1): Promise<void> {
		return this.guard(async () => {
			await exec(
				this.client
					.multi()
					.hincrby(this.keys.source(source), `refused:${code}`, n)
					.sadd(this.keys.sources, source),
			);
		});
	}

	status(): Promise<GatewayStatus> {
		return this.guard(async () => {
			const [sourceIds, destinationIds] = await Promise.all([
				this.client.smembers(this.keys.sources),
				this.client.smembers(this.keys.destinations),
			]);
			const sources: Record<string, SourceStatus> = {};
			for (const id of sourceIds.sort()) {
				sources[id] = toSourceStatus(await this.client.hgetall(this.keys.source(id)));
			}
			const destinations: Record<string, DestinationStatus> = {};
			for (const id of destinationIds.sort()) destinations[id] = await this.destinationStatus(id);
			return { sources, destinations };
		});
	}

	/** One hash per prefix, shared by every instance, never expiring, never read by status. */
	sourceSecret(source: string): Promise<string | undefined> {
		return this.guard(async () => (await this.client.hget(this.keys.secrets, source)) ?? undefined);
	}

	saveSourceSecret(source: string, secret: string): Promise<void> {
		return this.guard(async () => {
			await this.client.hset(this.keys.secrets, source, secret);
		});
	}

	ping(): Promise<void> {
		return this.guard(async () => {
			await this.client.ping();
		}, ANSWER_WITHIN_MS);
	}

	/** Unsettled claims are left to their lease; idempotent. */
	close(): Promise<void> {
		this.closed = true;
		this.closing ??= this.shutdown();
		return this.closing;
	}

	private async shutdown(): Promise<void> {
		this.claims.clear();
		// Forced: nothing runs inside these workers, and a quit would wait for a server that is down.
		await Promise.allSettled([...this.workers.values()].map((w) => w.close(true)));
		await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
		if (this.client.status === 'ready') {
			// A server that stopped answering would hold QUIT, and close(), for good.
			await withDeadline(this.client.quit(), ANSWER_WITHIN_MS).catch(() =>
				this.client.disconnect(),
			);
		} else {
			this.client.disconnect();
		}
	}

	private async destinationStatus(destination: string): Promise<DestinationStatus> {
		const { toKey } = this.queue(destination);
		const states = ['wait', 'paused', 'delayed', 'prioritized', 'active', 'failed', 'completed'];
		const [queued, inFlight, dead, failing, paused, delivered, lastError, pausedReason] =
			await this.client.hbStatus(
				...[...states, 'meta'].map(toKey),
				this.keys.attempts(destination),
				this.keys.destination(destination),
				toKey(''),
			);
		return {
			queued: Number(queued),
			inFlight: Number(inFlight),
			delivered: Number(delivered ?? 0),
			failing: Number(failing),
			dead: Number(dead),
			paused: paused === 1,
			pausedReason: paused === 1 && typeof pausedReason === 'string' ? pausedReason : null,
			lastError: typeof lastError === 'string' ? lastError : null,
		};
	}

	private queue(destination: string): Queue<RelayData> {
		let queue = this.queues.get(destination);
		if (!queue) {
			// The shared fail-fast connection; no waiting for it, so a new queue never hangs ingest.
			queue = new Queue<RelayData>(queueName(destination), {
				connection: this.client,
				prefix: this.prefix,
				skipVersionCheck: true,
				skipWaitingForReady: true,
			});
			queue.on('error', this.onError);
			this.queues.set(destination, queue);
		}
		return queue;
	}

	private worker(destination: string, leaseMs: number): Worker<RelayData> {
		let worker = this.workers.get(destination);
		if (!worker) {
			// Its own connections (BullMQ makes a blocking one for every worker, unused here).
			worker = new Worker<RelayData>(queueName(destination), null, {
				connection: {
					url: this.url,
					maxRetriesPerRequest: null,
					enableOfflineQueue: false,
					// BullMQ's default backs off to 20 s: claims would wait that long after an outage.
					retryStrategy: reconnectDelay,
					disconnectTimeout: DISCONNECT_TIMEOUT_MS,
				},
				prefix: this.prefix,
				autorun: false,
				lockDuration: leaseMs,
				// The stalled check's interval: BullMQ skips a check that comes sooner.
				stalledInterval: this.leaseCheckMs,
				// A relay whose instance died is due again however often that happened.
				maxStalledCount: Number.MAX_SAFE_INTEGER,
			});
			worker.on('error', this.onError);
			this.workers.set(destination, worker);
			const made = worker;
			// A connection that never got ready is not retried by BullMQ: the next claim makes anew.
			made.waitUntilReady().catch((error: Error) => {
				if (this.workers.get(destination) === made) this.workers.delete(destination);
				this.onError(error);
				made.close(true).catch(this.onError);
			});
		}
		return worker;
	}

	private takeClaim(relay: ClaimedRelay): Held | undefined {
		const key = claimKey(relay);
		const held = this.claims.get(key);
		this.claims.delete(key);
		return held;
	}

	private async guard<T>(op: () => Promise<T>, deadlineMs?: number): Promise<T> {
		if (this.closed) throw new StoreUnavailableError(new Error('the store is closed'));
		try {
			return await (deadlineMs === undefined ? op() : withDeadline(op(), deadlineMs));
		} catch (error) {
			throw error instanceof StoreUnavailableError ? error : new StoreUnavailableError(error);
		}
	}
}

function toSourceStatus(fields: Record<string, string>): SourceStatus {
	const status: SourceStatus = { received: 0, duplicates: 0, refused: {} };
	for (const [field, value] of Object.entries(fields)) {
		if (field === 'received' || field === 'duplicates') status[field] = Number(value);
		else if (field.startsWith('refused:')) status.refused[field.slice(8)] = Number(value);
	}
	return status;
}
