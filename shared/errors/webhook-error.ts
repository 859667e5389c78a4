/**
 * Every way `receive()` can refuse a delivery, with the HTTP status an adapter answers with.
 * Codes are a stable contract: adapters, CLI output and tests match on them, never on messages.
 */
export const WEBHOOK_ERROR_STATUS = {
	missing_secret: 401,
	invalid_secret: 500,
	missing_signature: 401,
	malformed_signature: 401,
	signature_mismatch: 401,
	missing_url: 500,
	missing_timestamp: 401,
	malformed_timestamp: 401,
	timestamp_too_old: 401,
	timestamp_too_new: 401,
	payload_too_large: 413,
	invalid_json: 400,
	invalid_payload: 400,
	payload_too_deep: 400,
	unsafe_number: 400,
	unknown_provider: 400,
	duplicate: 409,
} as const;

export type WebhookErrorCode = keyof typeof WEBHOOK_ERROR_STATUS;

/**
 * Base class of every refusal. Messages are fixed sentences that say what to do; they never
 * contain a secret, a signature or any part of the payload, so they are safe to log.
 */
export class WebhookError extends Error {
	readonly code: WebhookErrorCode;
	readonly status: number;

	constructor(code: WebhookErrorCode, message: string) {
		super(message);
		this.name = 'WebhookError';
		this.code = code;
		this.status = WEBHOOK_ERROR_STATUS[code];
	}

	toJSON(): { code: WebhookErrorCode; status: number; message: string } {
		return { code: this.code, status: this.status, message: this.message };
	}
}

/** Signature, timestamp or secret problems: the sender could not be authenticated (401). */
export class WebhookVerificationError extends WebhookError {
	constructor(code: WebhookErrorCode, message: string) {
		super(code, message);
		this.name = 'WebhookVerificationError';
	}
}

/**
 * A configured secret cannot be an HMAC key (500: the receiver's configuration is at fault,
 * not the delivery, and the provider's retry brings the event back once it is fixed). Raised
 * where the secret is configured, and again before any verification. The message names what
 * is wrong with the secret, never the secret.
 */
export class InvalidSecretError extends WebhookError {
	constructor(problem: string) {
		super(
			'invalid_secret',
			`The signing secret ${problem}, so it cannot verify anything. Copy the secret again from the provider.`,
		);
		this.name = 'InvalidSecretError';
	}
}

/** The body is authentic but not something we can read (400). */
export class PayloadError extends WebhookError {
	constructor(
		code:
			| 'invalid_json'
			| 'invalid_payload'
			| 'payload_too_deep'
			| 'unsafe_number'
			| 'unknown_provider',
		message: string,
	) {
		super(code, message);
		this.name = 'PayloadError';
	}
}

/** The body is larger than the receiver accepts (413); nothing of it was read. */
export class PayloadTooLargeError extends WebhookError {
	readonly limit: number;

	constructor(limit: number) {
		super(
			'payload_too_large',
			`The request body is larger than the ${limit}-byte limit. Raise maxBytes if this sender is trusted.`,
		);
		this.name = 'PayloadTooLargeError';
		this.limit = limit;
	}
}

/**
 * A verified delivery of an event already received. It carries the event, so a caller that
 * wants to log or count it loses nothing; adapters answer the provider 2xx so it stops retrying.
 */
export class DuplicateEventError<E = unknown> extends WebhookError {
	readonly event: E;

	constructor(event: E) {
		super('duplicate', 'This event was already received; answer 2xx and do not process it again.');
		this.name = 'DuplicateEventError';
		this.event = event;
	}
}
