// The delivery policy of each reference-provider persona, written out from the provider's own
// docs (the sentence quoted next to each number), so the policy tests fail when a profile's
// number is wrong instead of checking the profile against itself. Where the docs are silent the
// number is the profile's assumption, marked "Assumed" and quoted from the README's
// "Assumptions where the providers' docs are silent"; the bounds the docs do state around it
// are in `documentedBounds`, checked on their own.

export interface PersonaPolicy {
	timeoutMs: number;
	/** Delay before each retry, in seconds, in order; its length is the number of retries. */
	retryDelaysSeconds: number[];
	retryWindowSeconds: number;
	/** Consecutive failed attempts that disable the webhook; `null` = never. */
	autoDisableAfter: number | null;
	/** Answers that disable the webhook at once. */
	disableOnStatus: number[];
	/** What the docs bound even where the exact numbers are assumed. */
	documentedBounds: {
		/** At most this many retries after the first attempt. */
		maxRetries?: number;
		/** Every retry starts within this many seconds of the first attempt. */
		retryWindowSeconds?: number;
		/** "Backoff": each retry waits longer than the one before. */
		growingDelays?: boolean;
	};
}

export type Persona = 'velaflows' | 'vellocity' | 'flowella' | 'inboundflow';

export const DOCUMENTED_POLICIES: Record<Persona, PersonaPolicy> = {
	// velaflows-webhooks-overview.txt, "Delivery Guarantees".
	velaflows: {
		// "Timeout 10 seconds per delivery attempt"
		timeoutMs: 10_000,
		// Assumed: "Retries wait 1, 5, 25, 125 and 625 minutes (exponential, factor 5), inside the
		// 24 h window."
		retryDelaysSeconds: [60, 300, 1_500, 7_500, 37_500],
		// "Max retry window 24 hours"
		retryWindowSeconds: 24 * 60 * 60,
		// Assumed: "No auto-disable is documented, so none is applied."
		autoDisableAfter: null,
		// Assumed: "410 Gone disables the subscription."
		disableOnStatus: [410],
		documentedBounds: {
			// "Retry policy Exponential backoff, up to 5 retries"
			maxRetries: 5,
			growingDelays: true,
			// "Max retry window 24 hours"
			retryWindowSeconds: 24 * 60 * 60,
		},
	},
	// vellocity-webhooks-api.txt states no timeout, retry or disable rule (its webhook list only
	// shows `"active": true` and `"failure_count": 0`). Every number here is assumed: "Timeout
	// 10 s; retries after 1, 5 and 30 minutes; auto-disable after 10 consecutive failures; 410
	// disables at once."
	vellocity: {
		timeoutMs: 10_000,
		retryDelaysSeconds: [60, 300, 1_800],
		// Assumed, not in the README list: a 24 h window, past the last retry.
		retryWindowSeconds: 86_400,
		autoDisableAfter: 10,
		disableOnStatus: [410],
		documentedBounds: {},
	},
	// flowella-webhooks.txt, "Responses, retries, and timeouts".
	flowella: {
		// "Timeout: Flowella waits up to 10 seconds for your endpoint to respond."
		timeoutMs: 10_000,
		// Assumed: '"Retried up to 3 attempts" means three retries after the first attempt, after
		// 30 s, 2 min and 8 min.'
		retryDelaysSeconds: [30, 120, 480],
		// Assumed, not in the README list (the docs name no window): one hour, past the last retry.
		retryWindowSeconds: 3_600,
		// "Auto-disable: if a webhook accumulates 10 consecutive failures, Flowella deactivates it."
		autoDisableAfter: 10,
		// Assumed: "410 Gone disables at once."
		disableOnStatus: [410],
		documentedBounds: {
			// "Retries: failed deliveries are retried up to 3 attempts with backoff." (3 retries at
			// most under the profile's reading; 2 if "attempts" counted the first one.)
			maxRetries: 3,
			growingDelays: true,
		},
	},
	// inboundflow-webhooks.txt, "Retry & Reliability".
	inboundflow: {
		// "Timeout: Webhooks have a 10-second delivery timeout."
		timeoutMs: 10_000,
		// Assumed: "Retries after 1, 5 and 30 minutes" (the docs only say "Failed deliveries are
		// tracked" and that a handler may be "called twice").
		retryDelaysSeconds: [60, 300, 1_800],
		// Assumed, not in the README list (the docs name no window): 24 hours.
		retryWindowSeconds: 86_400,
		// "Failure tracking: Failed deliveries are tracked. After 10 consecutive failures, the
		// webhook is automatically disabled."
		autoDisableAfter: 10,
		// Assumed: "410 Gone disables at once."
		disableOnStatus: [410],
		documentedBounds: {},
	},
};
