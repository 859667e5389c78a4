import { z } from 'zod/v4';
import { eventDefiner } from './define-event';
import type { Profile } from './profile';

// Source: ../shared/seeds/vellocity-webhooks-api.txt. Listing samples are the catalog's
// `payload_example`s verbatim (flat: `{ event, listing_id, ... }`); the others use the documented
// delivery envelope `{ id, type, timestamp, data }`. Both shapes normalise to the same event.

const listingId = z.number().int();
const marketplace = z.enum(['aws', 'azure', 'gcp']);

const ListingCreatedSchema = z.looseObject({
	listing_id: listingId,
	provider: marketplace,
	status: z.string(),
});
const ListingUpdatedSchema = z.looseObject({ listing_id: listingId, changes: z.array(z.string()) });
const ListingPublishedSchema = z.looseObject({ listing_id: listingId, published_at: z.string() });
const ListingFailedSchema = z.looseObject({ listing_id: listingId, error: z.string() });
const CosellSchema = z.looseObject({
	opportunity_id: z.string(),
	partner: z.string(),
	customer_name: z.string(),
	stage: z.string(),
	amount: z.number().optional(),
	currency: z.string().optional(),
});
const ContentGeneratedSchema = z.looseObject({
	content_id: z.number().int(),
	kind: z.string(),
	title: z.string(),
	listing_id: listingId.optional(),
	word_count: z.number().int().nonnegative(),
});
const WebhookTestSchema = z.looseObject({ webhook_id: z.number().int(), message: z.string() });

let counter = 0;
const defineEvent = eventDefiner((type, data) => ({
	id: `evt_${(0xabc123 + ++counter).toString(16)}`,
	type,
	timestamp: '2026-02-26T14:20:00Z',
	data,
}));

const cosell = (action: string, stage: string, description: string) =>
	defineEvent({
		type: `cosell.${action}`,
		title: `Co-Sell ${action[0]?.toUpperCase()}${action.slice(1)}`,
		description,
		schema: CosellSchema,
		data: {
			opportunity_id: 'O2891044',
			partner: 'aws',
			customer_name: 'Northwind Traders',
			stage,
			amount: 48000,
			currency: 'USD',
		},
	});

const events = [
	defineEvent({
		type: 'listing.created',
		title: 'Listing Created',
		description: 'Triggered when a new marketplace listing is created',
		schema: ListingCreatedSchema,
		verbatim: { event: 'listing.created', listing_id: 123, provider: 'aws', status: 'pending' },
	}),
	defineEvent({
		type: 'listing.updated',
		title: 'Listing Updated',
		description: 'Triggered when a listing is updated',
		schema: ListingUpdatedSchema,
		verbatim: {
			event: 'listing.updated',
			listing_id: 123,
			changes: ['status', 'compliance_score'],
		},
	}),
	defineEvent({
		type: 'listing.published',
		title: 'Listing Published',
		description: 'Triggered when a listing is published to the marketplace',
		schema: ListingPublishedSchema,
		verbatim: { event: 'listing.published', listing_id: 123, published_at: '2026-02-26T12:00:00Z' },
	}),
	defineEvent({
		type: 'listing.failed',
		title: 'Listing Failed',
		description: 'Triggered when listing processing fails',
		schema: ListingFailedSchema,
		verbatim: { event: 'listing.failed', listing_id: 123, error: 'Processing timeout' },
	}),
	cosell('created', 'Prospect', 'Triggered when a new co-sell opportunity is created'),
	cosell('updated', 'Technical Validation', 'Triggered when a co-sell opportunity is updated'),
	cosell('completed', 'Launched', 'Triggered when a co-sell opportunity is completed'),
	defineEvent({
		type: 'content.generated',
		title: 'Content Generated',
		description: 'Triggered when AI content is generated',
		schema: ContentGeneratedSchema,
		data: {
			content_id: 5512,
			kind: 'listing_description',
			title: 'Acme Analytics for AWS Marketplace',
			listing_id: 123,
			word_count: 412,
		},
	}),
	defineEvent({
		type: 'webhook.test',
		title: 'Test Webhook',
		description: 'Sent by POST /partners/webhooks/test; never subscribed to explicitly.',
		schema: WebhookTestSchema,
		verbatim: {
			event: 'webhook.test',
			webhook_id: 1,
			timestamp: '2026-02-26T10:00:00Z',
			message: 'This is a test webhook payload',
		},
	}),
];

export const vellocity: Profile = {
	id: 'vellocity',
	name: 'Vellocity',
	docsUrl: 'https://docs.vell.ai/partners/webhooks',
	api: {
		baseUrl: 'https://api.vell.ai/api/v1',
		credentials: [
			{
				key: 'apiKey',
				label: 'API Token',
				secret: true,
				required: true,
				description: 'A Vellocity partner API bearer token.',
			},
		],
		headers: { authorization: 'Bearer {apiKey}', accept: 'application/vnd.api+json' },
		endpoints: {
			create: { method: 'POST', path: '/partners/webhooks' },
			list: { method: 'GET', path: '/partners/webhooks' },
			delete: { method: 'DELETE', path: '/partners/webhooks/{id}' },
			test: { method: 'POST', path: '/partners/webhooks/test' },
			catalog: { method: 'GET', path: '/partners/webhooks/events' },
		},
		fields: {
			url: 'url',
			events: 'events',
			description: 'description',
			active: 'active',
			testWebhookId: 'webhook_id',
		},
		numericIds: true,
		responses: {
			createdId: 'data.id',
			createdSecret: 'meta.secret',
			listItems: 'data',
			item: {
				id: 'id',
				url: 'attributes.url',
				events: 'attributes.events',
				active: 'attributes.active',
			},
			totalPages: 'meta.total_pages',
			catalogItems: 'data',
		},
		// Assumed: `page` is the page parameter; the docs list only per_page and meta.page.
		pagination: { pageParam: 'page', perPageParam: 'per_page', defaultPerPage: 20 },
		planLimits: { starter: 2, accelerate: 5, 'command+': 20, enterprise: 100 },
	},
	signature: {
		algorithm: 'sha256',
		header: 'x-vellocity-signature',
		format: 'value',
		prefix: 'sha256=',
		encoding: 'hex',
		key: 'utf8',
		content: [{ part: 'body' }],
		timestampWindow: 'both',
		compactJsonFallback: false,
	},
	envelope: {
		id: [{ body: 'id' }, { header: 'x-vellocity-delivery' }],
		type: [{ body: 'type' }, { body: 'event' }, { header: 'x-vellocity-event' }],
		occurredAt: [{ body: 'timestamp' }],
		// The docs' example sends the event id in X-Vellocity-Delivery; it is reported as given.
		deliveryId: [{ header: 'x-vellocity-delivery' }],
		dataKey: 'data',
		flatKeys: ['id', 'type', 'event', 'timestamp'],
	},
	events,
	openCatalog: false,
	testEventTypes: ['webhook.test'],
	delivery: {
		// Assumed: the docs state no timeout or retry policy; 10 s and three retries at
		// 1, 5 and 30 minutes, as most senders do. Auto-disable after 10 consecutive failures,
		// the list's `failure_count` and `active` fields suggesting such a rule.
		timeoutMs: 10_000,
		retryDelaysSeconds: [60, 300, 1_800],
		retryWindowSeconds: 86_400,
		autoDisableAfter: 10,
		disableOnStatus: [410],
		httpsOnly: true,
		userAgent: 'Vellocity-Webhooks/1.0',
	},
	secret: { origin: 'provider', prefix: '', encoding: 'hex', bytes: 32, optional: false },
	assumptions: [
		'Deliveries use the documented envelope { id, type, timestamp, data }; the flat catalog shape { event, ... } is accepted too.',
		'A flat body has no id: the X-Vellocity-Delivery header is the id, else a hash of the body.',
		'List pagination takes ?page=N&per_page=M and reports meta.total_pages.',
		'Plan-limit refusals answer 403 with a JSON:API error whose code contains "limit".',
		'Timeout 10 s; retries after 1, 5 and 30 minutes; auto-disable after 10 consecutive failures; 410 disables at once.',
		'The secret (64 hex characters) is used as UTF-8 HMAC key bytes.',
	],
	// The reference provider's impersonation: JSON:API resources and errors (Laravel's titles),
	// the once-only secret's warning, `meta` pagination, the test call's answer and throttle.
	persona: {
		accountId: 'prt_{hex:12}',
		apiKeyPrefix: 'vell_',
		api: {
			item: {
				description: 'attributes.description',
				lastTriggeredAt: 'attributes.last_triggered_at',
				lastResponseCode: 'attributes.last_response_code',
				failureCount: 'attributes.failure_count',
				createdAt: 'attributes.created_at',
				fixed: { type: 'webhook' },
			},
			created: { 'meta.warning': 'Store this secret securely. It will not be shown again.' },
			listMeta: { total: 'meta.total', page: 'meta.page', perPage: 'meta.per_page' },
			tested: {
				data: {
					type: 'webhook_test',
					id: '{deliveryId}',
					attributes: { webhook_id: '{webhookId}', status: 'queued' },
				},
			},
			testSampleWebhookId: 'webhook_id',
			error: {
				errors: [
					{
						status: '{status}',
						code: '{code}',
						title: '{title}',
						detail: '{message}',
						source: { pointer: '/data/attributes{pointer}' },
					},
				],
			},
			errorTitles: {
				'401': 'Unauthenticated',
				'403': 'Forbidden',
				'404': 'Not Found',
				'429': 'Too Many Requests',
			},
			rateLimited: true,
		},
	},
};
