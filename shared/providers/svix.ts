import { loadProfile } from '../profile-file/load-profile';
import type { ProfileFileInput } from '../profile-file/profile-file-schema';
import type { Profile } from './profile';

// Senders whose webhooks run on Svix (docs.svix.com/receiving/verifying-payloads/how-manual):
// the Standard Webhooks scheme under Svix's header names, svix-id, svix-timestamp and
// svix-signature. Each sender has its own event types, so the catalog is open and empty.

export const svixFile: ProfileFileInput = {
	id: 'svix',
	name: 'Svix',
	docsUrl: 'https://docs.svix.com/receiving/verifying-payloads/how-manual',
	manualSetup:
		"In the sender's Svix-powered webhook portal, open Endpoints, add an endpoint with the webhook URL and pick the event types; its Signing Secret (whsec_…) is shown on the endpoint's page.",
	signature: {
		algorithm: 'sha256',
		header: 'svix-signature',
		format: 'list',
		prefix: 'v1,',
		encoding: 'base64',
		key: 'whsec-base64',
		content: [
			{ part: 'header', name: 'svix-id' },
			{ part: 'text', text: '.' },
			{ part: 'timestamp' },
			{ part: 'text', text: '.' },
			{ part: 'body' },
		],
		timestampHeader: 'svix-timestamp',
		timestampWindow: 'both',
		// The svix library reads the unbranded Standard Webhooks names too, when svix-* are absent.
		aliases: [
			{
				'svix-signature': 'webhook-signature',
				'svix-timestamp': 'webhook-timestamp',
				'svix-id': 'webhook-id',
			},
		],
	},
	bodyFormat: 'json',
	envelope: {
		// The message id: the same on every retry of one message.
		id: [{ header: 'svix-id' }],
		type: [{ body: 'type' }],
		occurredAt: [{ body: 'timestamp' }, { header: 'svix-timestamp' }],
		dataKey: 'data',
		flatKeys: ['type', 'timestamp'],
	},
	events: [],
	openCatalog: true,
	anyEventSample: {
		type: 'invoice.paid',
		timestamp: '2026-02-24T21:00:00.000Z',
		data: { id: 'inv_7Qm2Xc', customer: 'cus_4Nw8Tr', amount: 4_900, currency: 'usd' },
	},
	delivery: {
		// Svix's published schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h after the first
		// attempt fails; 15 s timeout; 410 Gone disables the endpoint.
		timeoutMs: 15_000,
		retryDelaysSeconds: [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000],
		retryWindowSeconds: 5 * 86_400,
		autoDisableAfter: null,
		disableOnStatus: [410],
		httpsOnly: true,
		userAgent: 'Svix-Webhooks/1.0',
	},
	secret: { origin: 'provider', prefix: 'whsec_', encoding: 'base64', bytes: 24, optional: false },
	assumptions: [
		'Deliveries with webhook-id, webhook-timestamp and webhook-signature in place of the svix-* headers are read as one set, as the svix library does.',
		"Bodies follow Svix's usual { type, timestamp, data }; other shapes are accepted, the body less type and timestamp then being the data.",
		'Svix disables an endpoint whose attempts have all failed for 5 days; that is not a failure count and is not modelled (autoDisableAfter is null).',
		'Signing secrets are whsec_ followed by the base64 of 24 random bytes, as Svix issues them; the base64 is the HMAC key.',
		'The Svix-Webhooks/1.0 User-Agent is assumed.',
	],
};

export const svix: Profile = loadProfile(svixFile, 'The built-in svix profile');
