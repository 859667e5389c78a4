import { buildDelivery, profiles, verifyDelivery } from '../../../shared';
import twilio from 'twilio';
import { NOW_SECONDS, secretFor, signedDelivery, signsUrl } from '../../helpers/signed-delivery';

// URL-signing profiles (Twilio) post forms: their own test is at the end.
const cases = Object.values(profiles)
	.filter((p) => !signsUrl(p))
	.flatMap((p) =>
		(p.events.length
			? p.events
			: [{ type: 'contact.created', sample: p.anyEventSample ?? {} }]
		).map((e) => [p.id, e.type] as const),
	);

describe.each(cases)('buildDelivery(%s, %s)', (provider, type) => {
	const profile = profiles[provider];
	if (!profile) throw new Error('no profile');
	const secret = secretFor(provider);
	const data = { note: 'Grüße', id: 'ignored-for-flowella', n: 1 };
	const built = buildDelivery(
		profile,
		{
			eventId: 'evt_42',
			deliveryId: 'dlv_7',
			type,
			data,
			accountId: 'acct_1',
			occurredAt: '2026-02-24T21:00:00.000Z',
		},
		{ secret, timestamp: NOW_SECONDS },
	);

	test('writes the envelope where the profile reads it back', () => {
		const event = verifyDelivery(profile, built, { secrets: secret, now: NOW_SECONDS * 1000 });
		expect(event.type).toBe(type);
		// Where the provider sends no time (GitHub), it is the receipt time.
		expect(event.occurredAt).toBe(
			profile.envelope.occurredAt.length > 0
				? '2026-02-24T21:00:00.000Z'
				: new Date(NOW_SECONDS * 1000).toISOString(),
		);
		// InboundFlow's event id is its delivery id (the docs dedupe on delivery_id).
		expect(event.id).toBe(provider === 'inboundflow' ? 'dlv_7' : 'evt_42');
		if (profile.envelope.accountId) expect(event.accountId).toBe('acct_1');
		expect((event.data as Record<string, unknown>).note).toBe('Grüße');
		expect(built.headers['user-agent']).toBe(profile.delivery.userAgent);
	});

	test('signs as the provider documents (checked with node:crypto directly)', () => {
		const expected = signedDelivery(provider, built.body, secret, {
			timestamp: NOW_SECONDS,
			messageId: built.headers['webhook-id'] ?? built.headers['svix-id'],
		});
		const header = profile.signature.header;
		expect(built.headers[header]).toBe(expected.headers[header]);
	});

	test('sends compact JSON, so the raw bytes equal JSON.stringify of the body', () => {
		expect(JSON.stringify(JSON.parse(built.body))).toBe(built.body);
	});
});

test('without a secret no signature header is sent, but InboundFlow still sends its timestamp', () => {
	const profile = profiles.inboundflow;
	if (!profile) throw new Error('no profile');
	const built = buildDelivery(
		profile,
		{
			eventId: 'e',
			deliveryId: 'd',
			type: 'lead.created',
			data: {},
			occurredAt: '2026-02-24T21:00:00.000Z',
			test: true,
		},
		{ timestamp: 1709064000 },
	);
	expect(built.headers['x-inboundflow-signature']).toBeUndefined();
	expect(built.headers).toMatchObject({
		'x-inboundflow-timestamp': '1709064000',
		'x-inboundflow-event': 'lead.created',
		'x-inboundflow-delivery-id': 'd',
		'x-inboundflow-test': 'true',
		'user-agent': 'InboundFlow-Webhook/1.0',
	});
});

test("Twilio deliveries are form-encoded and signed over the URL and sorted parameters, as twilio's library computes", () => {
	const profile = profiles.twilio;
	if (!profile) throw new Error('no profile');
	const url = 'https://hooks.example.com/twilio/status?account=7';
	const built = buildDelivery(
		profile,
		{
			eventId: 'evt_42',
			deliveryId: 'dlv_7',
			type: 'delivered',
			data: { MessageSid: 'SM1', To: '+15550001111', From: '+15550002222' },
			accountId: 'AC1',
			occurredAt: '2026-02-24T21:00:00.000Z',
		},
		{ secret: 'twilio auth token', timestamp: NOW_SECONDS, url },
	);
	expect(built.headers['content-type']).toBe('application/x-www-form-urlencoded');
	const params = Object.fromEntries(new URLSearchParams(built.body));
	expect(params).toMatchObject({
		MessageStatus: 'delivered',
		AccountSid: 'AC1',
		MessageSid: 'SM1',
	});
	const expected = twilio.getExpectedTwilioSignature('twilio auth token', url, params);
	expect(built.headers['x-twilio-signature']).toBe(expected);
	const event = verifyDelivery(profile, { ...built, url }, { secrets: 'twilio auth token' });
	expect(event).toMatchObject({ type: 'delivered', accountId: 'AC1', known: true });
});
