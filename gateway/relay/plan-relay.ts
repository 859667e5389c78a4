import type { RelayOutcome } from '../store/gateway-store';

/** The Standard Webhooks spec's recommended schedule after the immediate first attempt. */
export const DEFAULT_RETRY_SCHEDULE_SECONDS: readonly number[] = [
	5, 300, 1800, 7200, 18000, 36000, 36000,
];

/** A Retry-After longer than this is read as this: a destination cannot park a relay for days. */
const MAX_RETRY_AFTER_SECONDS = 24 * 3600;

export interface AttemptResult {
	/** HTTP status, or null when no answer came. */
	status: number | null;
	/** The Retry-After header as sent, if any. */
	retryAfter?: string | undefined;
	/** Why no answer came (timeout, ECONNREFUSED): never a body. */
	error?: string | undefined;
}

export interface RelayPolicy {
	/** Seconds to wait before each retry; its length is the number of retries. */
	retrySchedule: readonly number[];
	/** Every delay is divided by this (tests and the demo run the clock faster). */
	timeScale: number;
}

/**
 * What follows one attempt: only 2xx is success (a 3xx is a failure: relays do not follow
 * redirects); 410 Gone pauses the destination; anything else waits the schedule's next delay,
 * or at least what a 429/503 Retry-After asks, until the schedule is used up and the relay is
 * dead. `attemptsBefore` counts the attempts made before this one.
 */
export function planRelay(
	policy: RelayPolicy,
	attemptsBefore: number,
	result: AttemptResult,
	nowMs: number,
): RelayOutcome {
	const record = { status: result.status, error: failureReason(result), at: nowMs };
	const { status } = result;
	if (status !== null && status >= 200 && status < 300) return { kind: 'delivered', ...record };
	if (status === 410) {
		return { kind: 'paused', reason: 'the destination answered 410 Gone', ...record };
	}
	const delay = policy.retrySchedule[attemptsBefore];
	if (delay === undefined) return { kind: 'dead', ...record };
	const asked = status === 429 || status === 503 ? retryAfterSeconds(result.retryAfter, nowMs) : 0;
	const waitMs = (Math.max(delay, asked) * 1000) / policy.timeScale;
	return { kind: 'retry', nextAt: nowMs + waitMs, ...record };
}

function failureReason(result: AttemptResult): string | null {
	if (result.status !== null && result.status >= 200 && result.status < 300) return null;
	return result.status === null ? (result.error ?? 'no answer') : `HTTP ${result.status}`;
}

/** Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3); unreadable → 0. */
export function retryAfterSeconds(value: string | undefined, nowMs: number): number {
	if (value === undefined) return 0;
	const text = value.trim();
	let seconds = 0;
	if (/^\d+$/.test(text)) seconds = Number(text);
	else {
		const at = Date.parse(text);
		if (Number.isFinite(at)) seconds = Math.max(0, (at - nowMs) / 1000);
	}
	return Math.min(seconds, MAX_RETRY_AFTER_SECONDS);
}
