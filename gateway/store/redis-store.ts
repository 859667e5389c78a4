import { ErrorCode, Queue, Worker, type Job } from 'bullmq';
import Redis, { type ChainableCommander } from 'ioredis';
import { createHash, randomUUID } from 'node:crypto';
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
import { relayId } from './relay-id';

export interface RedisStoreOptions {
	/** Namespace of every key (BullMQ's and the store's); instances that share it share work. */
	prefix?: string;
	/** How long an event id stays a duplicate, and how long delivered relays are kept. */
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
const REPLAY_PAGE = 100;
const RELAY_JOB = 'relay';
// Claims that lost their lock (lease over, relay claimed again) or their job.
const LOST_CLAIM = new Set<number>([
	ErrorCode.JobNotExist,
	ErrorCode.JobLockNotExist,
	ErrorCode.JobNotInState,
	ErrorCode.JobLockMismatch,
]);

/** What a relay's BullMQ job carries: the event, once per destination (see RedisStore). */
interface RelayData {
	source: string;
	eventId: string;
	type: string;
	body: string;
	receivedAt: number;
}

interface Held {
	job: Job<RelayData>;
	token: string;
	leaseMs: number;
}

// An event already recorded is a duplicate, counted at once, and nothing else is written.
const SEEN_LUA = `
if redis.call('EXISTS', KEYS[1]) == 1 then
	redis.call('HINCRBY', KEYS[2], 'duplicates', 1)
	return 1
end
return 0`;

// Runs after the relays are enqueued: the marker, not the jobs, decides new versus duplicate.
const MARK_LUA = `
redis.call('SADD', KEYS[3], ARGV[2])
if redis.call('SET', KEYS[1], ARGV[3], 'NX', 'PX', ARGV[1]) then
	redis.call('HINCRBY', KEYS[2], 'received', 1)
	return 1
end
redis.call('HINCRBY', KEYS[2], 'duplicates', 1)
return 0`;

// One destination's counts in one atomic read. BullMQ keeps no "attempted" state, so the
// attempts hash says which pending relays are failing; an entry whose job finished (a settle
// that stopped between the BullMQ move and our bookkeeping) is dropped here.
const STATUS_LUA = `
local active = {}
for _, id in ipairs(redis.call('LRANGE', KEYS[5], 0, -1)) do active[id] = true end
local failing = 0
for _, id in ipairs(redis.call('HKEYS', KEYS[9])) do
	if not active[id] then
		if redis.call('ZSCORE', KEYS[6], id) or redis.call('ZSCORE', KEYS[7], id)
			or redis.call('EXISTS', ARGV[1] .. id) == 0 then
			redis.call('HDEL', KEYS[9], id)
		else
			failing = failing + 1
		end
	end
end
local pending = redis.call('LLEN', KEYS[1]) + redis.call('LLEN', KEYS[2])
	+ redis.call('ZCARD', KEYS[3]) + redis.call('ZCARD', KEYS[4])
local d = redis.call('HMGET', KEYS[10], 'delivered', 'lastError', 'pausedReason')
return { pending - failing, redis.call('LLEN', KEYS[5]), redis.call('ZCARD', KEYS[6]), failing,
	redis.call('HEXISTS', KEYS[8], 'paused'), d[1], d[2], d[3] }`;

// The earliest due time BullMQ knows of: the oldest waiting job (due now; its timestamp is the
// event's receivedAt) or the first delayed one (its score is the due ms times 0x1000 plus a
// sequence number, BullMQ's getDelayedScore). Nothing while paused, as Queue.isPaused reads it.
const NEXT_DUE_LUA = `
if redis.call('HEXISTS', KEYS[1], 'paused') == 1 then return false end
local due = false
local oldest = redis.call('LINDEX', KEYS[2], -1)
if oldest then due = tonumber(redis.call('HGET', ARGV[1] .. oldest, 'timestamp')) end
local first = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
if first[2] then
	local at = math.floor(tonumber(first[2]) / 0x1000)
	if not due or at < due then due = at end
end
return due`;

interface ScriptedRedis extends Redis {
	hbSeen(marker: string, counters: string): Promise<number>;
	hbMark(
		marker: string,
		counters: string,
		sources: string,
		retentionMs: number,
		source: string,
		receivedAt: number,
	): Promise<number>;
	hbStatus(...args: string[]): Promise<Array<number | string | null>>;
	hbNextDue(...args: string[]): Promise<number | null>;
}

/**
 * The gateway store for several instances: Redis, through BullMQ, one queue per destination
 * (`<prefix>:<destination>`), jobs fetched by hand (no processor callbacks).
 *
 * Clock: BullMQ decides what is due and when a lease ends by the wall clock (Date.now() in its
 * scripts, lock keys with a TTL), so `nowMs` is not consulted: claim takes what is due now, a
 * retry's `nextAt` is taken as an epoch instant, a lease is `leaseMs` of real time. Relays
 * come in enqueue order (FIFO), not sorted by receivedAt. A dead instance's relays come back
 * through BullMQ's stalled check, which claims run (`leaseCheckMs`). The SQLite store honours
 * a fake clock; this one matches it where the caller's clock is the wall clock, as the relay
 * workers' is.
 *
 * Bodies live in the jobs: one copy per destination, kept while pending or dead and for
 * `retentionMs` after delivery (memory: body size x destinations x that backlog).
 */
export class RedisStore implements GatewayStore {
	private readonly queues = new Map<string, Queue<RelayData>>();
	private readonly workers = new Map<string, Worker<RelayData>>();
	private readonly claims = new Map<string, Held>();
	private readonly keys: ReturnType<typeof storeKeys>;
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
		const client = new Redis(url, {
			lazyConnect: true,
			// Fail fast instead of queueing while disconnected: ingress answers 503 at once.
			enableOfflineQueue: false,
			maxRetriesPerRequest: 1,
			disconnectTimeout: DISCONNECT_TIMEOUT_MS,
		}) as ScriptedRedis;
		client.on('error', onError);
		client.defineCommand('hbSeen', { numberOfKeys: 2, lua: SEEN_LUA });
		client.defineCommand('hbMark', { numberOfKeys: 3, lua: MARK_LUA });
		client.defineCommand('hbStatus', { numberOfKeys: 10, lua: STATUS_LUA });
		client.defineCommand('hbNextDue', { numberOfKeys: 3, lua: NEXT_DUE_LUA });
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
				await this.client.sadd(this.keys.destinations, ...destinations);
				const data: RelayData = {
					source,
					eventId,
					type: record.type,
					body: record.body,
					receivedAt,
				};
				await Promise.all(
					destinations.map((d) =>
						this.queue(d).add(RELAY_JOB, data, {
							jobId: relayId(source, eventId, d),
							timestamp: receivedAt,
							removeOnComplete: { age: Math.ceil(this.retentionMs / 1000) },
							removeOnFail: false,
							stackTraceLimit: 0,
						}),
					),
				);
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
			const held: Held[] = [];
			while (held.length < limit) {
				const token = randomUUID();
				const job = await worker.getNextJob(token, { block: false });
				if (!job) break;
				// The worker's lock duration is the first claim's lease; a different one is set here.
				if (leaseMs !== worker.opts.lockDuration) await job.extendLock(token, leaseMs);
				held.push({ job, token, leaseMs });
			}
			if (held.length === 0) return [];
			const ids = held.map((h) => jobId(h.job));
			const attempts = await this.client.hmget(this.keys.attempts(destination), ...ids);
			return held.map((h, i) => {
				const relay = toRelay(h.job, destination, Number(attempts[i] ?? 0));
				this.claims.set(claimKey(relay), h);
				return relay;
			});
		});
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
				await job.moveToCompleted({ status: outcome.status, at: outcome.at }, token, false);
				await exec(
					this.client
						.multi()
						.hincrby(this.keys.destination(relay.destination), 'delivered', 1)
						.hdel(this.keys.attempts(relay.destination), relay.id),
				);
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
		});
	}

	release(relays: readonly ClaimedRelay[]): Promise<void> {
		return this.guard(async () => {
			for (const relay of relays) {
				const held = this.takeClaim(relay);
				if (!held) continue;
				// moveToWait puts it at the head of the line and counts no attempt.
				await held.job.moveToWait(held.token).catch(ignoreLostClaim);
			}
		});
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
			await this.client.quit().catch(() => this.client.disconnect());
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

/** MULTI/EXEC resolves with each command's error beside its reply: the first one is thrown. */
async function exec(transaction: ChainableCommander): Promise<void> {
	const replies = await transaction.exec();
	if (replies === null) throw new Error('the Redis transaction was discarded');
	for (const [error] of replies) if (error) throw error;
}

function storeKeys(prefix: string) {
	// '#' is escaped in queue names (queueName), so no destination's BullMQ keys start this way.
	const ns = `${prefix}:#`;
	return {
		sources: `${ns}sources`,
		destinations: `${ns}destinations`,
		secrets: `${ns}source-secrets`,
		source: (id: string) => `${ns}source:${id}`,
		destination: (id: string) => `${ns}destination:${id}`,
		attempts: (id: string) => `${ns}attempts:${id}`,
		event: (source: string, eventId: string) =>
			`${ns}event:${createHash('sha256').update(`${source}\u0000${eventId}`).digest('hex')}`,
	};
}

/** BullMQ forbids ':' in queue names; config ids never need escaping, other text still works. */
function queueName(destination: string): string {
	return encodeURIComponent(destination);
}

/** A claim is one relay at one attempt count: a later claim of it has its own entry. */
function claimKey(relay: ClaimedRelay): string {
	return `${relay.id}\u0000${relay.attempts}`;
}

function jobId(job: Job): string {
	if (job.id === undefined) throw new Error('BullMQ returned a job without an id');
	return job.id;
}

function toRelay(job: Job<RelayData>, destination: string, attempts: number): ClaimedRelay {
	const { source, eventId, type, body, receivedAt } = job.data;
	return { id: jobId(job), destination, source, eventId, type, body, attempts, receivedAt };
}

function toSourceStatus(fields: Record<string, string>): SourceStatus {
	const status: SourceStatus = { received: 0, duplicates: 0, refused: {} };
	for (const [field, value] of Object.entries(fields)) {
		if (field === 'received' || field === 'duplicates') status[field] = Number(value);
		else if (field.startsWith('refused:')) status.refused[field.slice(8)] = Number(value);
	}
	return status;
}

function describeFailure(outcome: { status: number | null; error: string | null }): string {
	if (outcome.error !== null) return outcome.error;
	return outcome.status === null ? 'no answer' : `HTTP ${outcome.status}`;
}

/** Swallows only BullMQ's "this claim is gone" codes (resolving false); rethrows the rest. */
function ignoreLostClaim(error: unknown): false {
	const code = (error as { code?: unknown } | null)?.code;
	if (typeof code === 'number' && LOST_CLAIM.has(code)) return false;
	throw error;
}

/** Rejects after `ms` if `promise` has not settled by then (which it may still do later). */
async function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`Redis gave no answer in ${ms} ms`)), ms);
	});
	try {
		return await Promise.race([promise, late]);
	} finally {
		clearTimeout(timer);
	}
}

/** ioredis's own default: a server that is back is used again within 2 s. */
function reconnectDelay(attempt: number): number {
	return Math.min(attempt * 50, 2000);
}

/** Writes each background error to stderr once, not once per reconnect attempt. */
function reportOnce(): (error: Error) => void {
	let last = '';
	return (error) => {
		if (error.message === last) return;
		last = error.message;
		console.error(`hookbridge redis store: ${error.message}`);
	};
}
