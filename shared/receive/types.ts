import type { HeaderInput } from './header-map';
import type { SigningSecrets } from './signing-secrets';

/** A delivery as received: headers in any shape and the exact body bytes. */
export interface Delivery {
	headers?: HeaderInput | null;
	body: Buffer | string;
	/**
	 * The URL the provider called, as it called it (scheme, host, path and query): needed only
	 * for schemes that sign it (Twilio). Behind a proxy this is the public URL, not the local one.
	 */
	url?: string;
}

export interface ValidationIssue {
	/** Dotted path inside `data` ('' for the data itself). */
	path: string;
	code: string;
	message: string;
}

/** One envelope for every provider: what adapters hand to Zapier, n8n and Make. */
export interface NormalizedEvent<D = unknown> {
	/** Stable event id, the same on every retry: the dedupe key with `provider`. */
	id: string;
	type: string;
	provider: string;
	/** ISO 8601 time the provider says the event happened (receipt time when it says none). */
	occurredAt: string;
	/** The provider's id for this delivery, where it sends one (null otherwise). Every key is always present, so all events share one shape. */
	deliveryId: string | null;
	/** Workspace / organisation / account the event belongs to, where the provider says. */
	accountId: string | null;
	/** The catalog category (VelaFlows), also for event types the catalog does not list. */
	category: string | null;
	/** Sent by a "Send test" button rather than by real activity. */
	test: boolean;
	/** The type is in the provider's catalog. Unknown types are delivered, never dropped. */
	known: boolean;
	/** False only when the caller explicitly skipped signature verification. */
	verified: boolean;
	data: D;
	/** The data checked against the type's schema; a mismatch is reported, never a reason to drop. */
	validation: { ok: boolean; issues: ValidationIssue[] };
}

/**
 * Where seen event keys are kept. `remember` is atomic check-and-set: it records the key and
 * says whether it was already there. `forget` undoes it when processing failed afterwards, so
 * the provider's retry is not mistaken for a duplicate and lost.
 */
export interface DedupeStore {
	remember(key: string, ttlSeconds: number, nowMs: number): boolean | Promise<boolean>;
	forget(key: string): void | Promise<void>;
	/**
	 * Optional fast path, the same as remember/forget of `${provider}:${id}`: a store that keeps
	 * events by provider need not have receive() build that key.
	 */
	rememberEvent?(
		provider: string,
		id: string,
		ttlSeconds: number,
		nowMs: number,
	): boolean | Promise<boolean>;
	forgetEvent?(provider: string, id: string): void | Promise<void>;
}

export interface ReceiveOptions {
	/**
	 * Signing secrets; several during a rotation. Empty = refuse, unless skipVerification. A
	 * server that receives many deliveries passes them prepared once (signingSecrets()).
	 */
	secrets?: string | readonly string[] | SigningSecrets;
	/** Explicit opt-out of signature checks, for senders that cannot sign. Events say verified:false. */
	skipVerification?: boolean;
	/** The clock, as a Date or epoch milliseconds (tests pin it). */
	now?: Date | number;
	/** Allowed clock skew for signed timestamps, both ways. Default 300 s. */
	toleranceSeconds?: number;
	/** Largest body accepted. Default 1 MiB. */
	maxBytes?: number;
	/**
	 * Also refuse bodies nested deeper than 64 levels (`payload_too_deep`) or holding integers
	 * beyond 2^53 anywhere (`unsafe_number`). Off by default: receive() never recurses into the
	 * data, and the walk costs about as much as the parse. The adapters, which hand events to
	 * serialisers, turn it on.
	 */
	strictJson?: boolean;
	/** Dedupe store; false turns dedupe off. Default: a process-wide in-memory TTL store. */
	dedupe?: DedupeStore | false;
}
