import { signDelivery, verifyDelivery, profiles } from '../../../shared';

// Fixed vectors: bodies, secrets and signatures written down once (computed with node:crypto,
// the Standard Webhooks one is that project's own published test vector). One has non-ASCII
// text, one is pretty-printed JSON.
const vectors = [
	{
		provider: 'velaflows',
		secret: 'whsec_your_signing_secret_here',
		body: '{"eventId":"evt_1","eventType":"inbox.message.received","workspaceId":"ws_1","timestamp":"2026-02-24T21:00:00.000Z","data":{"text":"¿Está? 你好 👋"}}',
		headers: {
			'X-Webhook-Signature':
				'sha256=6d2d6c38332afc3310db16f905ad2c1a4e13b1fe3932e46aa9d442c5ca5e6689',
		},
		now: 1771966800,
		expect: { id: 'evt_1', type: 'inbox.message.received', accountId: 'ws_1', category: 'inbox' },
	},
	{
		provider: 'vellocity',
		secret: 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2',
		body: '{\n  "id": "evt_abc123",\n  "type": "listing.updated",\n  "timestamp": "2026-02-26T14:20:00Z",\n  "data": {\n    "listing_id": 123,\n    "changes": ["status", "compliance_score"]\n  }\n}',
		headers: {
			'X-Vellocity-Signature':
				'sha256=8312e274c3aee1f0e699e49b0cd42c3671a2f985f96295f10f1d3737e5b95b07',
			'X-Vellocity-Event': 'listing.updated',
			'X-Vellocity-Delivery': 'evt_abc123',
		},
		now: 1772115600,
		expect: { id: 'evt_abc123', type: 'listing.updated', deliveryId: 'evt_abc123', known: true },
	},
	{
		provider: 'flowella',
		secret: 'fl_whsec_0123456789abcdef0123456789abcdef0123456789abcdef',
		body: '{"event":"message.received","timestamp":"2026-02-24T21:00:00.000Z","account_id":"acc_1","data":{"id":"evt_fl_1","messageId":"wamid.1","conversationId":"cnv_1","from":"+14155550123","type":"text","text":"Olá, tudo bem?","receivedAt":"2026-02-24T20:59:58.000Z"}}',
		headers: {
			'X-Flowella-Signature': '62751396a198df074cb06d134f856a61cc8c3d37c5404009d4590199bb7ab414',
		},
		now: 1771966800,
		expect: { id: 'evt_fl_1', type: 'message.received', accountId: 'acc_1' },
	},
	{
		provider: 'inboundflow',
		secret: 'your_signing_secret',
		body: '{"event":"lead.created","timestamp":"2026-02-24T21:00:00.000Z","organization_id":"uuid","delivery_id":"d-1","data":{"call_id":"c-1","caller_phone":"+1234567890","call_summary":"Quote request"}}',
		headers: {
			'X-InboundFlow-Signature':
				'sha256=9aab55add5602ebdaddc4864eea1f11f4f276cb05f2b0cfe11bd067121c32735',
			'X-InboundFlow-Timestamp': '1709064000',
			'X-InboundFlow-Delivery-Id': 'd-1',
		},
		now: 1709064000,
		expect: {
			id: 'd-1',
			type: 'lead.created',
			deliveryId: 'd-1',
			occurredAt: '2026-02-24T21:00:00.000Z',
		},
	},
	{
		provider: 'standard-webhooks',
		secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
		body: '{"test": 2432232314}',
		headers: {
			'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
			'webhook-timestamp': '1614265330',
			'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
		},
		now: 1614265330,
		expect: {
			id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
			type: 'unknown',
			known: false,
			data: { test: 2432232314 },
		},
	},
];

describe.each(vectors)('known-answer vector: $provider', (vector) => {
	test('verifyDelivery accepts it and normalises the envelope', () => {
		const event = verifyDelivery(
			vector.provider,
			{ headers: vector.headers, body: vector.body },
			{
				secrets: vector.secret,
				now: vector.now * 1000,
			},
		);
		expect(event).toMatchObject({ provider: vector.provider, verified: true, ...vector.expect });
	});

	test('signDelivery (used by the reference provider) reproduces the signature', () => {
		const profile = profiles[vector.provider];
		if (!profile) throw new Error('profile missing');
		const lower = Object.fromEntries(
			Object.entries(vector.headers).map(([k, v]) => [k.toLowerCase(), v]),
		);
		const signed = signDelivery(profile, vector.body, vector.secret, {
			timestamp: vector.now,
			messageId: lower['webhook-id'],
		});
		expect(signed[profile.signature.header]).toBe(lower[profile.signature.header]);
	});
});
