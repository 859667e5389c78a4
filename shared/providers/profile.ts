import type { z } from 'zod/v4';
import type { ProviderPersona } from './provider-persona';

/**
 * A profile is everything hookbridge knows about one provider, as plain data plus zod schemas.
 * Adapters (Zapier, n8n, Make, CLI, reference provider) derive all they need from it and never
 * name a provider themselves.
 */
export interface Profile {
	id: string;
	name: string;
	docsUrl: string;
	/** Absent = manual mode: the user pastes a webhook URL into the provider's dashboard. */
	api?: ManagementApi;
	/**
	 * Manual mode: where in the provider's dashboard the user pastes the webhook URL and finds
	 * the signing secret, in the provider's own words. Adapters show it as given.
	 */
	manualSetup?: string;
	signature: SignatureScheme;
	/** How the body is written: JSON (default) or form-encoded (Twilio). */
	bodyFormat?: 'json' | 'form';
	envelope: EnvelopeMap;
	events: EventDefinition[];
	/** Event categories the provider documents, with the counts it claims. */
	categories?: EventCategory[];
	/**
	 * Whether types outside the catalog are expected (true for a generic scheme). Unknown types
	 * are accepted either way and marked `known: false`; this only tells adapters not to promise
	 * a closed list.
	 */
	openCatalog: boolean;
	/** Event types that only ever come from a "Send test" button. */
	testEventTypes: string[];
	/** A whole delivery body for adapters' "any event" sample when the catalog is empty. */
	anyEventSample?: Record<string, unknown>;
	delivery: DeliveryPolicy;
	/** How signing secrets look and who makes them. */
	secret: SecretPolicy;
	/** Every assumption made where the provider's docs are silent, one line each. */
	assumptions: string[];
	/** How the reference provider impersonates the provider (ids, dashboard, API answers). */
	persona?: ProviderPersona;
}

/**
 * How a provider signs a delivery, as data: which HMAC, how the key and digest are written,
 * where the signature travels and what exactly is signed. One verifier and one signer read it;
 * no provider has code of its own.
 */
export interface SignatureScheme {
	/** The HMAC's hash. */
	algorithm: HashAlgorithm;
	/** Lower-case header that carries the signature. */
	header: string;
	/**
	 * How that header holds signatures. `value`: `prefix` then one signature. `list`:
	 * space-separated `prefix`-entries, `v1,sig` (Standard Webhooks): any that matches is enough.
	 * `fields`: `k=v,k=v` (Stripe's `t=…,v1=…`): every value of `field` is a signature.
	 */
	format: 'value' | 'list' | 'fields';
	/** Text before each signature (`sha256=`, `v1,`, `v0=` or ''). Required exactly. */
	prefix: string;
	/** For `fields`: the key whose values are signatures (`v1`). */
	field?: string;
	encoding: DigestEncoding;
	/**
	 * How a secret becomes the key: its UTF-8 bytes, base64, or `whsec_` + base64 (Standard
	 * Webhooks; the prefix is optional on input). Stripe's `whsec_` secrets are UTF-8 keys.
	 */
	key: 'utf8' | 'base64' | 'whsec-base64';
	/** What is signed: these parts, in order, joined with nothing between them. */
	content: SignedPart[];
	/** Lower-case header with the signed unix seconds. */
	timestampHeader?: string;
	/** For `fields`: the key of the signature header that holds the signed unix seconds (`t`). */
	timestampField?: string;
	/**
	 * Which way the timestamp may be off by more than the tolerance before it is refused:
	 * `both` (too old or in the future) or `past` (only too old, as Stripe's libraries check).
	 */
	timestampWindow: 'both' | 'past';
	/**
	 * Other names for the scheme's headers (own name → other name), used whole when the
	 * delivery lacks `header` but has its other name (Svix-powered senders: `svix-signature`).
	 */
	aliases?: Record<string, string>[];
	/**
	 * Also accept the signature with the body re-serialised as `JSON.stringify(JSON.parse(body))`,
	 * the form a provider's own sample code computes (InboundFlow). Tried after the raw bytes fail.
	 */
	compactJsonFallback: boolean;
	/**
	 * A query parameter of the request URL that carries a hash of the body (Twilio's
	 * `bodySHA256` for JSON): when present, the body must hash to it and the `form` part is empty.
	 */
	bodyHash?: { param: string; algorithm: HashAlgorithm; encoding: DigestEncoding };
}

export type HashAlgorithm = 'sha1' | 'sha256' | 'sha512';
export type DigestEncoding = 'hex' | 'base64';

/**
 * One piece of the signed content. `body`: the raw bytes. `text`: literal text (separators).
 * `header`: a header's value, sent once. `timestamp`: the signed timestamp, wherever it is read
 * from. `url`: the URL the provider called, as the receiver was given it. `form`: the body's
 * form parameters sorted by name, each name followed by its value (Twilio).
 */
export type SignedPart =
	| { part: 'body' }
	| { part: 'text'; text: string }
	| { part: 'header'; name: string }
	| { part: 'timestamp' }
	| { part: 'url' }
	| { part: 'form' };

/** Where a value lives in a delivery: a dotted path in the JSON body, or a header. */
export type Locator = { body: string } | { header: string };

export interface EnvelopeMap {
	/** Stable event id, the same on every retry. First locator that yields a value wins. */
	id: Locator[];
	type: Locator[];
	occurredAt: Locator[];
	deliveryId?: Locator[];
	accountId?: Locator[];
	/** A truthy value here marks a test delivery (besides `testEventTypes`). */
	test?: Locator[];
	/**
	 * Key of the event data object; when absent from a body, or '' (flat bodies: GitHub, Twilio),
	 * the body minus `flatKeys` is the data.
	 */
	dataKey: string;
	/** Envelope keys dropped from a flat body (`{ event, listing_id, ... }`) to get its data. */
	flatKeys: string[];
}

export interface EventDefinition {
	type: string;
	title: string;
	description: string;
	category?: string;
	/**
	 * `seed`: the wire name appears verbatim in the provider's docs.
	 * `derived`: the docs name the event in words only; the wire name follows the provider's pattern.
	 */
	nameSource: 'seed' | 'derived';
	schema: z.ZodType;
	/** A whole delivery body as the provider sends it (verbatim from its docs where it gives one). */
	sample: Record<string, unknown>;
}

export interface EventCategory {
	id: string;
	title: string;
	/** The count the provider's docs give, e.g. "15+". */
	documentedCount: string;
	/** Events the docs name in this category (what the catalog can hold). */
	examples: string;
}

export interface DeliveryPolicy {
	timeoutMs: number;
	/** Seconds to wait before each retry; its length is the number of retries. */
	retryDelaysSeconds: number[];
	/** No retry is started later than this after the first attempt. */
	retryWindowSeconds: number;
	/** Consecutive failed attempts after which the webhook is disabled; null = never. */
	autoDisableAfter: number | null;
	/** Response statuses that disable the webhook at once (e.g. 410 Gone). */
	disableOnStatus: number[];
	/** Target URLs must be HTTPS (loopback allowed only when the operator says so). */
	httpsOnly: boolean;
	/** User-Agent of deliveries (documented for InboundFlow; assumed for the others). */
	userAgent: string;
}

export interface SecretPolicy {
	/** `subscriber`: the caller of the API picks it; `provider`: generated and shown once. */
	origin: 'subscriber' | 'provider';
	/** Prefix of generated secrets ('whsec_' or ''). */
	prefix: string;
	/** Encoding of the random part of generated secrets. */
	encoding: 'hex' | 'base64';
	bytes: number;
	/** The provider may send without a signature when the user set no secret (InboundFlow). */
	optional: boolean;
}

export interface ManagementApi {
	baseUrl: string;
	/** Fields the user supplies, in the order a form shows them. `apiKey` is always first. */
	credentials: CredentialField[];
	/** Headers every call carries; `{name}` is replaced by the credential of that key. */
	headers: Record<string, string>;
	endpoints: {
		create: Endpoint;
		list: Endpoint;
		update?: Endpoint;
		delete: Endpoint;
		test?: Endpoint;
		catalog?: Endpoint;
	};
	/** Body field names for create/update, and the id field of the test call's body. */
	fields: {
		url: string;
		events: string;
		secret?: string;
		description?: string;
		active?: string;
		testWebhookId?: string;
	};
	/** Ids are integers on the wire (sent back as numbers in bodies); hookbridge keeps strings. */
	numericIds: boolean;
	/** Dotted paths in responses. */
	responses: {
		createdId: string;
		createdSecret?: string;
		/** '' when the response body is the list itself. */
		listItems: string;
		item: { id: string; url: string; events: string; active: string };
		/** Where list pagination says how many pages there are; absent = one page. */
		totalPages?: string;
		catalogItems?: string;
	};
	pagination?: { pageParam: string; perPageParam: string; defaultPerPage: number };
	/** Maximum webhooks per account by plan, where the provider documents limits. */
	planLimits?: Record<string, number>;
}

export interface Endpoint {
	method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
	/** Path below `baseUrl`; `{id}` is the subscription id. */
	path: string;
}

export interface CredentialField {
	key: string;
	label: string;
	/**
	 * `account`: the field names the account or workspace the key acts on (VelaFlows'
	 * workspace id): connection labels show it, `--account` fills it, and the reference
	 * provider puts its account id there.
	 */
	role?: 'account';
	secret: boolean;
	required: boolean;
	description: string;
}
