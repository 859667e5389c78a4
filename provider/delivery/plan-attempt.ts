import type { DeliveryPolicy } from '@hookbridge/core';
import type { AttemptPlan, AttemptResult, ClaimedDelivery } from '../store/outbox';

/**
 * What follows an attempt under the provider's policy: only 2xx succeeds; a status the
 * profile lists (410 Gone) disables the webhook at once; otherwise the next retry waits the
 * profile's delay for this attempt, unless the retries or the retry window are used up.
 */
export function planAttempt(
	policy: DeliveryPolicy,
	delivery: Pick<ClaimedDelivery, 'attempts' | 'firstAt'>,
	result: AttemptResult,
	nowMs: number,
	timeScale: number,
): AttemptPlan {
	const code = result.statusCode;
	const ok = code !== null && code >= 200 && code < 300;
	const disableNow = code !== null && policy.disableOnStatus.includes(code);
	const base = { ok, disableNow, autoDisableAfter: policy.autoDisableAfter };
	if (ok || disableNow) return { ...base, retryAt: null };
	// `attempts` counts those before this one: the first retry waits retryDelaysSeconds[0].
	const delaySeconds = policy.retryDelaysSeconds[delivery.attempts];
	if (delaySeconds === undefined) return { ...base, retryAt: null };
	const retryAt = nowMs + (delaySeconds * 1000) / timeScale;
	const windowEnd = delivery.firstAt + (policy.retryWindowSeconds * 1000) / timeScale;
	return { ...base, retryAt: retryAt <= windowEnd ? retryAt : null };
}
