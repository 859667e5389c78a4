import { ErrorCode, type Job, type Worker } from 'bullmq';
import { randomUUID } from 'node:crypto';
import type { ClaimedRelay } from './gateway-store';

export const RELAY_JOB = 'relay';
// Claims that lost their lock (lease over, relay claimed again) or their job.
export const LOST_CLAIM = new Set<number>([
	ErrorCode.JobNotExist,
	ErrorCode.JobLockNotExist,
	ErrorCode.JobNotInState,
	ErrorCode.JobLockMismatch,
]);

/** What a relay's BullMQ job carries: the event, once per destination (see RedisStore). */
export interface RelayData {
	source: string;
	eventId: string;
	type: string;
	body: string;
	receivedAt: number;
}

export interface Held {
	job: Job<RelayData>;
	token: string;
	leaseMs: number;
}

/** A claim is one relay at one attempt count: a later claim of it has its own entry. */
export function claimKey(relay: ClaimedRelay): string {
	return `${relay.id}\u0000${relay.attempts}`;
}

export function jobId(job: Job): string {
	if (job.id === undefined) throw new Error('BullMQ returned a job without an id');
	return job.id;
}

export function toRelay(job: Job<RelayData>, destination: string, attempts: number): ClaimedRelay {
	const { source, eventId, type, body, receivedAt } = job.data;
	return { id: jobId(job), destination, source, eventId, type, body, attempts, receivedAt };
}

/** Swallows only BullMQ's "this claim is gone" codes (resolving false); rethrows the rest. */
export function ignoreLostClaim(error: unknown): false {
	const code = (error as { code?: unknown } | null)?.code;
	if (typeof code === 'number' && LOST_CLAIM.has(code)) return false;
	throw error;
}

/**
 * Up to `limit` due jobs, fetched in waves of 1, 2, 4, … at once until a wave comes back short:
 * one job after another made a claim of 63 relays 63 round trips (p99 133 ms, at most 418 ms at
 * 200/s offered, bench/README.md), and the first relay waited for the last to be fetched. The
 * first wave of one keeps an idle poll to one call. Each fetch is one atomic BullMQ script.
 */
export async function takeJobs(
	worker: Worker<RelayData>,
	limit: number,
	leaseMs: number,
): Promise<Held[]> {
	const held: Held[] = [];
	for (let wave = 1; held.length < limit; wave *= 2) {
		const size = Math.min(wave, limit - held.length);
		const fetched = await Promise.allSettled(
			Array.from({ length: size }, () => takeJob(worker, leaseMs)),
		);
		const jobs: Held[] = [];
		for (const result of fetched)
			if (result.status === 'fulfilled' && result.value) jobs.push(result.value);
		held.push(...jobs);
		const failed = fetched.find((result) => result.status === 'rejected');
		if (failed) {
			// What this claim took goes back in line now, not after its lease.
			await Promise.allSettled(held.map((h) => h.job.moveToWait(h.token)));
			throw failed.reason;
		}
		if (jobs.length < size) break;
	}
	return held;
}

async function takeJob(worker: Worker<RelayData>, leaseMs: number): Promise<Held | undefined> {
	const token = randomUUID();
	const job = await worker.getNextJob(token, { block: false });
	if (!job) return undefined;
	// The worker's lock duration is the first claim's lease; a different one is set here.
	if (leaseMs !== worker.opts.lockDuration) await job.extendLock(token, leaseMs);
	return { job, token, leaseMs };
}
