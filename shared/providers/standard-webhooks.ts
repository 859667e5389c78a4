import type { Profile } from './profile';

// The Standard Webhooks scheme (standardwebhooks.com, v1): any compliant sender works. Its
// catalog is open: every type is accepted and marked `known: false`, there being no list.
export const standardWebhooks: Profile = {
	id: 'standard-webhooks',
	name: 'Standard Webhooks',
	docsUrl: 'https://www.standardwebhooks.com',
	signature: {
		algorithm: 'sha256',
		header: 'webhook-signature',
		format: 'list',
		prefix: 'v1,',
		encoding: 'base64',
		key: 'whsec-base64',
		content: [
			{ part: 'header', name: 'webhook-id' },
			{ part: 'text', text: '.' },
			{ part: 'timestamp' },
			{ part: 'text', text: '.' },
			{ part: 'body' },
		],
		timestampHeader: 'webhook-timestamp',
		timestampWindow: 'both',
		// Senders powered by Svix use these names for the same scheme (the svix library reads both).
		aliases: [
			{
				'webhook-signature': 'svix-signature',
				'webhook-timestamp': 'svix-timestamp',
				'webhook-id': 'svix-id',
			},
		],
		compactJsonFallback: false,
	},
	envelope: {
		id: [{ header: 'webhook-id' }],
		// The spec's recommended body: { type, timestamp, data }.
		type: [{ body: 'type' }],
		occurredAt: [{ body: 'timestamp' }, { header: 'webhook-timestamp' }],
		dataKey: 'data',
		flatKeys: ['type', 'timestamp'],
	},
	events: [],
	openCatalog: true,
	testEventTypes: [],
	anyEventSample: {
		type: 'contact.created',
		timestamp: '2026-02-24T21:00:00.000Z',
		data: { id: 'cont_2Xk9Lm', name: 'Dana Ortiz', email: 'dana@example.com' },
	},
	delivery: {
		// The retry schedule the spec's authors publish (Svix): 5 s, 5 min, 30 min, 2 h, 5 h,
		// 10 h, 10 h; 15 s timeout; 410 Gone disables the endpoint.
		timeoutMs: 15_000,
		retryDelaysSeconds: [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000],
		retryWindowSeconds: 5 * 86_400,
		autoDisableAfter: null,
		disableOnStatus: [410],
		httpsOnly: true,
		userAgent: 'Standard-Webhooks/1.0',
	},
	secret: { origin: 'provider', prefix: 'whsec_', encoding: 'base64', bytes: 32, optional: false },
	assumptions: [
		'Svix-powered senders are read from svix-id, svix-timestamp and svix-signature when webhook-signature is absent, as one set that replaces any webhook-* header.',
		"Bodies follow the spec's recommended { type, timestamp, data }; other shapes are accepted with the whole body as data.",
	],
};
