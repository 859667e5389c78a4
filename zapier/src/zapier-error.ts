import type { ZObject } from 'zapier-platform-core';
import { SubscriptionError } from '@hookbridge/core';

/**
 * A typed hookbridge error as the error Zapier shows the user: the message says what to do,
 * the code is stable; a rate limit becomes Zapier's ThrottledError so it retries later.
 */
export function toZapierError(z: ZObject, error: unknown): Error {
	if (error instanceof SubscriptionError) {
		if (error.code === 'rate_limited')
			return new z.errors.ThrottledError(error.message, error.retryAfterSeconds ?? 60);
		return new z.errors.Error(error.message, error.code, error.status || 400);
	}
	return error instanceof Error ? error : new Error(String(error));
}
