import { createHmac } from 'node:crypto';
import type { RunningProvider } from '../../provider/start-provider';
import { call, createAccount, emit, startTestProvider } from './helpers/provider-fixture';
import { TestReceiver } from './helpers/test-receiver';

// Flowella and InboundFlow have no management API: their dashboards (the admin API here) add
// the webhook, send tests and re-enable. Deliveries are checked against their docs.
let provider: RunningProvider;

beforeAll(async () => {
	provider = await startTestProvider();
});
afterAll(async () => {
	await provider.close();
});

describe('Flowella', () => {
	let receiver: TestReceiver;
	let account: { id: string };
	let dashboard: string;

	beforeAll(async () => {
		receiver = await new TestReceiver({ provider: 'flowella', secrets: {} }).start();
		account = await createAccount(provider, 'flowella');
		dashboard = `${provider.url}/_admin/flowella/accounts/${account.id}/webhook`;
	});
	afterAll(() => receiver.stop());

	test('Add webhook generates the signing secret and shows it; later reads never do', async () => {
		const added = await call('PUT', dashboard, {
			url: `${receiver.url}/flowella`,
			events: ['message.received', 'message.read'],
		});
		expect(added.status).toBe(200);
		expect(added.body.secret).toMatch(/^fl_whsec_[0-9a-f]{48}$/);
		receiver.setSecret('/flowella', added.body.secret);
		const read = await call('GET', dashboard);
		expect(read.body).toMatchObject({
			active: true,
			hasSecret: true,
			events: ['message.received', 'message.read'],
		});
		expect(JSON.stringify(read.body)).not.toContain(added.body.secret);
		const again = await call('PUT', dashboard, {
			url: `${receiver.url}/flowella`,
			events: ['message.received', 'message.read', 'optout.created'],
		});
		expect(again.body.secret).toBe(added.body.secret);
	});

	test('deliveries carry X-Flowella-Signature, a bare hex HMAC of the raw body', async () => {
		const sent = await emit(provider, 'flowella', account.id, 'message.received');
		await receiver.waitFor((r) => r.some((d) => d.event?.type === 'message.received'));
		const delivery = receiver.received.find((d) => d.event?.type === 'message.received');
		expect(delivery?.headers['x-flowella-signature']).toMatch(/^[0-9a-f]{64}$/);
		expect(delivery?.headers['x-flowella-event']).toBe('message.received');
		expect(delivery?.independentlyVerified).toBe(true);
		expect(delivery?.event).toMatchObject({
			id: sent.eventId,
			accountId: account.id,
			verified: true,
			validation: { ok: true },
		});
	});

	test('Send test delivers webhook.test, which nobody subscribes to explicitly', async () => {
		const result = await call('POST', `${dashboard}/test`);
		expect(result.status).toBe(202);
		await receiver.waitFor((r) => r.some((d) => d.event?.type === 'webhook.test'));
		const delivery = receiver.received.find((d) => d.event?.type === 'webhook.test');
		expect(delivery?.event).toMatchObject({ test: true, verified: true, known: true });
		expect(delivery?.independentlyVerified).toBe(true);
	});

	test('rotating the secret issues a new one', async () => {
		const rotated = await call('PUT', dashboard, {
			url: `${receiver.url}/flowella`,
			events: ['message.received'],
			rotateSecret: true,
		});
		const before = receiver.received.length;
		receiver.setSecret('/flowella', rotated.body.secret);
		await emit(provider, 'flowella', account.id, 'message.received');
		await receiver.waitFor((r) => r.length > before);
		expect(receiver.received.at(-1)?.independentlyVerified).toBe(true);
	});

	test('the dashboard refuses plain-HTTP and private targets, and unknown events', async () => {
		expect(
			(await call('PUT', dashboard, { url: 'http://example.com/h', events: ['message.read'] }))
				.status,
		).toBe(422);
		expect(
			(await call('PUT', dashboard, { url: 'https://192.168.1.10/h', events: ['message.read'] }))
				.status,
		).toBe(422);
		expect(
			(await call('PUT', dashboard, { url: 'https://example.com/h', events: ['webhook.test'] }))
				.status,
		).toBe(422);
	});
});

describe('InboundFlow', () => {
	let receiver: TestReceiver;
	let account: { id: string };
	let dashboard: string;
	const SECRET = 'your_signing_secret';

	beforeAll(async () => {
		receiver = await new TestReceiver({
			provider: 'inboundflow',
			secrets: { '/signed': SECRET },
		}).start();
		account = await createAccount(provider, 'inboundflow');
		dashboard = `${provider.url}/_admin/inboundflow/accounts/${account.id}/webhook`;
	});
	afterAll(() => receiver.stop());

	test('with a signing secret: the documented headers and envelope, signed over timestamp.body', async () => {
		const connected = await call('PUT', dashboard, {
			url: `${receiver.url}/signed`,
			events: ['call.completed', 'lead.created'],
			secret: SECRET,
		});
		expect(connected.status).toBe(200);
		expect(connected.body.secret).toBeUndefined();
		const sent = await emit(provider, 'inboundflow', account.id, 'call.completed');
		await receiver.waitFor((r) => r.some((d) => d.event?.type === 'call.completed'));
		const delivery = receiver.received.find((d) => d.event?.type === 'call.completed');
		const h = delivery?.headers ?? {};
		expect(h['content-type']).toBe('application/json');
		expect(h['user-agent']).toBe('InboundFlow-Webhook/1.0');
		expect(h['x-inboundflow-event']).toBe('call.completed');
		expect(h['x-inboundflow-delivery-id']).toBe(sent.deliveries[0]);
		expect(h['x-inboundflow-timestamp']).toMatch(/^\d{10}$/);
		const body = JSON.parse(delivery?.body.toString() ?? '{}');
		expect(Object.keys(body)).toEqual([
			'event',
			'timestamp',
			'organization_id',
			'delivery_id',
			'data',
		]);
		expect(body).toMatchObject({
			event: 'call.completed',
			organization_id: account.id,
			delivery_id: sent.deliveries[0],
		});
		expect(delivery?.independentlyVerified).toBe(true);
		// The docs' own verifier signs `${timestamp}.${JSON.stringify(req.body)}`: it agrees too.
		const docs =
			'sha256=' +
			createHmac('sha256', SECRET)
				.update(`${h['x-inboundflow-timestamp']}.${JSON.stringify(body)}`)
				.digest('hex');
		expect(h['x-inboundflow-signature']).toBe(docs);
		expect(delivery?.event).toMatchObject({
			id: sent.deliveries[0],
			deliveryId: sent.deliveries[0],
			verified: true,
		});
	});

	test('Test Webhook sends a catalogued event marked as a test', async () => {
		const result = await call('POST', `${dashboard}/test`);
		expect(result.status).toBe(202);
		await receiver.waitFor((r) => r.some((d) => d.event?.test === true));
		const delivery = receiver.received.find((d) => d.event?.test === true);
		expect(delivery?.headers['x-inboundflow-test']).toBe('true');
		expect(delivery?.event?.type).toBe('call.completed');
		expect(delivery?.independentlyVerified).toBe(true);
	});

	test('without a signing secret deliveries carry no signature, as the docs say', async () => {
		await call('PUT', dashboard, { url: `${receiver.url}/unsigned`, events: ['lead.created'] });
		await emit(provider, 'inboundflow', account.id, 'lead.created');
		await receiver.waitFor((r) => r.some((d) => d.path === '/unsigned'));
		const delivery = receiver.received.find((d) => d.path === '/unsigned');
		expect(delivery?.headers['x-inboundflow-signature']).toBeUndefined();
		expect(delivery?.headers['x-inboundflow-timestamp']).toMatch(/^\d+$/);
	});
});

describe('admin API', () => {
	test('API providers are configured through their API, not the dashboard', async () => {
		const account = await createAccount(provider, 'vellocity');
		const result = await call(
			'PUT',
			`${provider.url}/_admin/vellocity/accounts/${account.id}/webhook`,
			{ url: 'https://x.test', events: ['listing.created'] },
		);
		expect(result.status).toBe(400);
		expect(result.body.error.code).toBe('use_api');
	});

	test('unknown providers, accounts and event types are clear 404/422s', async () => {
		expect(
			(await call('POST', `${provider.url}/_admin/accounts`, { provider: 'nope' })).status,
		).toBe(404);
		expect(
			(
				await call('POST', `${provider.url}/_admin/accounts`, {
					provider: 'vellocity',
					plan: 'gold',
				})
			).status,
		).toBe(422);
		expect(
			(
				await call('POST', `${provider.url}/_admin/flowella/events`, {
					account: 'acc_missing',
					type: 'message.read',
				})
			).status,
		).toBe(404);
		const account = await createAccount(provider, 'flowella');
		const bad = await call('POST', `${provider.url}/_admin/flowella/events`, {
			account: account.id,
			type: 'message.exploded',
		});
		expect(bad.status).toBe(422);
		expect(bad.body.error.message).toContain('message.exploded');
	});

	test('the delivery log lists attempts newest first, without secrets', async () => {
		const account = await createAccount(provider, 'flowella');
		const receiver = await new TestReceiver({ provider: 'flowella', secrets: {} }).start();
		try {
			const added = await call(
				'PUT',
				`${provider.url}/_admin/flowella/accounts/${account.id}/webhook`,
				{ url: `${receiver.url}/log`, events: ['message.sent'] },
			);
			receiver.setSecret('/log', added.body.secret);
			receiver.respond = () => 200;
			const first = await emit(provider, 'flowella', account.id, 'message.sent');
			await receiver.waitFor((r) => r.length === 1);
			const second = await emit(provider, 'flowella', account.id, 'message.sent');
			await receiver.waitFor((r) => r.length === 2);
			await new Promise((resolve) => setTimeout(resolve, 100));
			const log = await call(
				'GET',
				`${provider.url}/_admin/flowella/deliveries?account=${account.id}`,
			);
			expect(log.body.deliveries.map((d: { eventId: string }) => d.eventId)).toEqual([
				second.eventId,
				first.eventId,
			]);
			expect(log.body.deliveries[0]).toMatchObject({
				type: 'message.sent',
				attempt: 1,
				status: 'succeeded',
				responseCode: 200,
				responseBody: 'ok',
			});
			expect(JSON.stringify(log.body)).not.toContain(added.body.secret);
		} finally {
			await receiver.stop();
		}
	});
});
