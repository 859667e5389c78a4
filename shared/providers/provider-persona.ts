/**
 * How the reference provider plays a provider where hookbridge's clients never look: the shape
 * of the ids and keys it hands out, its dashboard's words, and what its management API answers
 * beyond the paths the clients read. Only the reference provider reads it; every part is
 * optional, and without it a plain JSON API and a "Settings → Webhooks" page are served.
 */
export interface ProviderPersona {
	/**
	 * New account ids: literal text with `{hex:N}` (N hex digits) and `{uuid}`, as `ws_{hex:12}`.
	 * Absent: shaped like the account ids in the catalog's samples.
	 */
	accountId?: string;
	/** What the API keys handed out start with (`key_` when absent). */
	apiKeyPrefix?: string;
	/**
	 * Manual mode: the dashboard page the webhook URL is pasted into. `integrations`: "Settings →
	 * Integrations", a Connect form (Zapier, Make, n8n or a custom webhook); `webhooks`: "Settings
	 * → Webhooks" with an endpoint form.
	 */
	settings?: 'webhooks' | 'integrations';
	api?: PersonaApi;
}

/** A management API's answers beyond the client's paths (dotted paths, as in `responses`). */
export interface PersonaApi {
	/** Members every successful JSON answer carries (`{ success: true }`). */
	success?: Record<string, unknown>;
	/** More of a webhook than clients read: where each attribute goes, and fixed members. */
	item?: {
		description?: string;
		createdAt?: string;
		lastTriggeredAt?: string;
		lastResponseCode?: string;
		failureCount?: string;
		fixed?: Record<string, unknown>;
	};
	/** Fixed members of the create answer by dotted path (the once-only secret's warning). */
	created?: Record<string, unknown>;
	/** The delete answer's body; absent: 204 with none. */
	deleted?: Record<string, unknown>;
	/** Where a paginated list answer reports its total, page and page size. */
	listMeta?: { total?: string; page?: string; perPage?: string };
	/**
	 * The test call's answer, a template (`{deliveryId}`, `{webhookId}`); absent: 202 with the
	 * event and delivery ids.
	 */
	tested?: Record<string, unknown>;
	/**
	 * The test call sends the test type's catalog sample as it stands (not the envelope), the
	 * webhook's id written at this path and the sample's timestamp made now.
	 */
	testSampleWebhookId?: string;
	/**
	 * The error body, a template: `{status}` (as text), `{code}`, `{title}`, `{message}` and
	 * `{pointer}` (the offending field, `/url`). A member whose placeholder has no value is left
	 * out. Absent: `{ error: { code, message } }`.
	 */
	error?: Record<string, unknown>;
	/** `{title}` by HTTP status; others get `Invalid request`. */
	errorTitles?: Record<string, string>;
	/** Management calls are throttled per key (the reference provider's per-minute limit). */
	rateLimited?: boolean;
}
