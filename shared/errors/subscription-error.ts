/**
 * Why a management-API call (subscribe, list, delete, test, catalog) failed, in words a
 * non-programmer can act on. `status` is the provider's HTTP status (0 when no call was made).
 */
export type SubscriptionErrorCode =
	| 'missing_credentials'
	| 'unsupported_operation'
	| 'unauthorized'
	| 'forbidden'
	| 'plan_limit_reached'
	| 'rate_limited'
	| 'not_found'
	| 'invalid_request'
	| 'provider_unavailable'
	| 'unexpected_response';

export class SubscriptionError extends Error {
	readonly code: SubscriptionErrorCode;
	readonly status: number;
	/** Seconds the provider asked us to wait (429 Retry-After), when it said. */
	readonly retryAfterSeconds: number | undefined;

	constructor(
		code: SubscriptionErrorCode,
		message: string,
		status = 0,
		retryAfterSeconds?: number,
	) {
		super(message);
		this.name = 'SubscriptionError';
		this.code = code;
		this.status = status;
		this.retryAfterSeconds = retryAfterSeconds;
	}

	toJSON(): {
		code: SubscriptionErrorCode;
		status: number;
		message: string;
		retryAfterSeconds?: number;
	} {
		return {
			code: this.code,
			status: this.status,
			message: this.message,
			...(this.retryAfterSeconds === undefined
				? {}
				: { retryAfterSeconds: this.retryAfterSeconds }),
		};
	}
}
