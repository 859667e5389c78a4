import { postFlowella } from './sender';

// The test as the provider: it sends a burst of distinct signed Flowella deliveries with a
// bounded number in flight, and retries each one that got no 2xx, as a provider does, until it
// gets one. An event counts as acknowledged only once a 2xx came back for it.

export interface BurstOptions {
	/** The ingress URL to POST to, read before each attempt (it may change across restarts). */
	url: () => string;
	count: number;
	/** Deliveries in flight at once. */
	concurrency: number;
	/** The whole burst must be acknowledged within this; after it, the burst fails. */
	deadlineMs: number;
	idPrefix: string;
	/** Every attempt, answered or not (the test inspects answers it cares about). */
	onAttempt?: (attempt: Attempt) => void;
}

export interface Attempt {
	id: string;
	sentAt: number;
	answeredAt: number;
	/** HTTP status, or null when no answer came (refused, reset, timed out). */
	status: number | null;
	/** The gateway's error code, or why no answer came. */
	reason?: string;
}

// Flowella's documented delivery timeout: it gives up on an attempt after 10 s.
const ATTEMPT_TIMEOUT_MS = 10_000;
// A provider backs off between retries; short here so a restarted gateway is found quickly.
const FIRST_BACKOFF_MS = 20;
const MAX_BACKOFF_MS = 500;

export class ProviderBurst {
	/** Event id → when its 2xx came. */
	readonly acknowledged = new Map<string, number>();
	/** Attempts that got no 2xx, by status or error code. */
	readonly unacknowledged = new Map<string, number>();
	private readonly stopping = new AbortController();
	private failure: Error | undefined;
	private next = 0;

	constructor(private readonly options: BurstOptions) {}

	/** Set once the burst has failed (a refusal that is no reason to retry, or the deadline). */
	get error(): Error | undefined {
		return this.failure;
	}

	id(index: number): string {
		return `${this.options.idPrefix}-${String(index).padStart(5, '0')}`;
	}

	/** Resolves when every event was acknowledged; rejects on the first failure, stopping all. */
	async run(): Promise<void> {
		const deadline = Date.now() + this.options.deadlineMs;
		const lane = async () => {
			while (this.next < this.options.count && !this.stopping.signal.aborted) {
				await this.deliver(this.id(this.next++), deadline);
			}
		};
		try {
			await Promise.all(Array.from({ length: this.options.concurrency }, lane));
		} catch (error) {
			this.failure ??= error instanceof Error ? error : new Error(String(error));
			this.stop();
			throw this.failure;
		}
	}

	/** Stops sending (cleanup after a failed test); attempts in flight are aborted. */
	stop(): void {
		this.stopping.abort();
	}

	private async deliver(id: string, deadline: number): Promise<void> {
		for (let retries = 0; ; retries++) {
			if (this.stopping.signal.aborted) return;
			const attempt = await this.attempt(id);
			this.options.onAttempt?.(attempt);
			const { status } = attempt;
			if (status !== null && status >= 200 && status < 300) {
				this.acknowledged.set(id, attempt.answeredAt);
				return;
			}
			const why = status === null ? (attempt.reason ?? 'no answer') : `HTTP ${status}`;
			this.unacknowledged.set(why, (this.unacknowledged.get(why) ?? 0) + 1);
			// Retried: no answer, 5xx, 408, 429. Any other 4xx is a bug the test must show.
			if (status !== null && status < 500 && status !== 408 && status !== 429) {
				throw new Error(`${id} was refused with ${status} (${attempt.reason ?? 'no code'})`);
			}
			if (Date.now() > deadline) {
				const left = this.options.count - this.acknowledged.size;
				throw new Error(`burst deadline passed: ${left} events unacknowledged (last: ${why})`);
			}
			const backoff = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** retries);
			await new Promise((resolve) => setTimeout(resolve, backoff));
		}
	}

	private async attempt(id: string): Promise<Attempt> {
		const sentAt = Date.now();
		const signal = AbortSignal.any([this.stopping.signal, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)]);
		try {
			const { status, body } = await postFlowella(this.options.url(), id, { signal });
			const code = body.error?.code;
			return { id, sentAt, answeredAt: Date.now(), status, ...(code ? { reason: code } : {}) };
		} catch (error) {
			return { id, sentAt, answeredAt: Date.now(), status: null, reason: failureCode(error) };
		}
	}
}

/** fetch wraps the socket error: ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET, TimeoutError… */
function failureCode(error: unknown): string {
	const cause = (error as { cause?: { code?: unknown; name?: unknown } } | null)?.cause;
	if (typeof cause?.code === 'string') return cause.code;
	if (error instanceof Error) return error.name === 'TypeError' ? error.message : error.name;
	return String(error);
}
