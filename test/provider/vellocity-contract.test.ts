import { SubscriptionClient } from '../../cli/http/subscription-client';
import type { RunningProvider } from '../../provider/start-provider';
import seeds from '../fixtures/seed-documents.json';
import { call, createAccount, emit, startTestProvider } from './helpers/provider-fixture';
import { TestReceiver } from './helpers/test-receiver';

// The Vellocity persona walked through its docs' requests and responses over real HTTP.
let provider: RunningProvider;
let receiver: TestReceiver;
let account: { id: string; apiKey: string };
let api: string;
const auth = (key = account.apiKey) => ({ authorization: `Bearer ${key}` });

beforeAll(async () => {
	provider = await startTestProvider();
	receiver = await new TestReceiver({ provider: 'vellocity', secrets: {} }).start();
	account = await createAccount(provider, 'vellocity', 'accelerate');
	api = `${provider.personas.vellocity}/partners/webhooks`;
});
afterAll(async () => {
	await provider.close();
	await receiver.stop();
});

async function createWebhook(
	path: string,
	events = ['listing.updated', 'cosell.created'],
	key = account.apiKey,
) {
	const result = await call(
		'POST',
		api,
		{ url: `${receiver.url}${path}`, events, description: 'Production webhook' },
		auth(key),
	);
	if (result.status === 201) receiver.setSecret(path, result.body.meta.secret);
	return result;
}

test('POST → 201 with the JSON:API resource and meta.secret (64 hex), shown once only', async () => {
	const created = await createWebhook('/webhooks/vellocity');
	expect(created.status).toBe(201);
	expect(created.body.data).toMatchObject({
		type: 'webhook',
		attributes: {
			url: `${receiver.url}/webhooks/vellocity`,
			events: ['listing.updated', 'cosell.created'],
			active: true,
		},
	});
	expect(typeof created.body.data.id).toBe('number');
	expect(created.body.meta.secret).toMatch(/^[0-9a-f]{64}$/);
	expect(created.body.meta.warning).toBe('Store this secret securely. It will not be shown again.');
	const list = await call('GET', api, undefined, auth());
	expect(JSON.stringify(list.body)).not.toContain(created.body.meta.secret);
});

test('GET lists with per_page pagination and the documented attributes and meta', async () => {
	await createWebhook('/webhooks/second', ['listing.published']);
	const page1 = await call('GET', `${api}?per_page=1`, undefined, auth());
	expect(page1.status).toBe(200);
	expect(page1.body.meta).toEqual({ total: 2, page: 1, per_page: 1, total_pages: 2 });
	expect(Object.keys(page1.body.data[0].attributes)).toEqual(
		expect.arrayContaining([
			'url',
			'events',
			'description',
			'active',
			'last_triggered_at',
			'last_response_code',
			'failure_count',
			'created_at',
		]),
	);
	const page2 = await call('GET', `${api}?per_page=1&page=2`, undefined, auth());
	expect(page2.body.data[0].id).not.toBe(page1.body.data[0].id);
	expect((await call('GET', `${api}?per_page=0`, undefined, auth())).status).toBe(422);
});

test('an event arrives as { id, type, timestamp, data } with the documented headers, verified twice', async () => {
	const sent = await emit(provider, 'vellocity', account.id, 'listing.updated');
	expect(sent.deliveries).toHaveLength(1);
	await receiver.waitFor((r) => r.some((d) => d.event?.id === sent.eventId));
	const delivery = receiver.received.find((d) => d.event?.id === sent.eventId);
	expect(JSON.parse(delivery?.body.toString() ?? '{}')).toMatchObject({
		id: sent.eventId,
		type: 'listing.updated',
		data: { listing_id: 123, changes: ['status', 'compliance_score'] },
	});
	expect(delivery?.headers).toMatchObject({
		'x-vellocity-event': 'listing.updated',
		'x-vellocity-delivery': sent.eventId,
	});
	expect(delivery?.independentlyVerified).toBe(true);
	expect(delivery?.event).toMatchObject({ known: true, verified: true, validation: { ok: true } });
	// The receiver answers before the provider commits the attempt: poll the list briefly.
	const attributesNow = async () =>
		(await call('GET', api, undefined, auth())).body.data.find(
			(w: { attributes: { url: string } }) => w.attributes.url.endsWith('/webhooks/vellocity'),
		).attributes;
	let attributes = await attributesNow();
	for (let i = 0; i < 100 && attributes.last_response_code === null; i++) {
		await new Promise((resolve) => setTimeout(resolve, 20));
		attributes = await attributesNow();
	}
	expect(attributes).toMatchObject({ last_response_code: 200, failure_count: 0 });
	expect(attributes.last_triggered_at).not.toBeNull();
});

test('POST /test {webhook_id} sends the documented test payload', async () => {
	const list = await call('GET', api, undefined, auth());
	const id = list.body.data[0].id as number;
	const result = await call('POST', `${api}/test`, { webhook_id: id }, auth());
	expect(result.status).toBe(200);
	await receiver.waitFor((r) => r.some((d) => d.event?.type === 'webhook.test'));
	const delivery = receiver.received.find((d) => d.event?.type === 'webhook.test');
	const body = JSON.parse(delivery?.body.toString() ?? '{}');
	expect(Object.keys(body)).toEqual(Object.keys(seeds.vellocityTestPayload));
	expect(body).toMatchObject({
		event: 'webhook.test',
		webhook_id: id,
		message: 'This is a test webhook payload',
	});
	expect(delivery?.event).toMatchObject({ test: true, verified: true });
	expect(delivery?.independentlyVerified).toBe(true);
	expect((await call('POST', `${api}/test`, { webhook_id: 99999 }, auth())).status).toBe(404);
	for (const body of [{}, { webhook_id: -1 }, { webhook_id: '' }]) {
		const refused = await call('POST', `${api}/test`, body, auth());
		expect(refused.status).toBe(422);
		expect(refused.body.errors[0].source).toEqual({ pointer: '/data/attributes/webhook_id' });
	}
});

test('the bearer scheme in any case and a trailing slash are read as HTTP clients send them', async () => {
	const lower = await call('GET', `${api}/`, undefined, {
		authorization: `bearer  ${account.apiKey}`,
	});
	expect(lower.status).toBe(200);
	expect(Array.isArray(lower.body.data)).toBe(true);
});

test('GET /events returns the documented catalog', async () => {
	const result = await call('GET', `${api}/events`, undefined, auth());
	expect(result.status).toBe(200);
	expect(result.body.data).toEqual(seeds.vellocityCatalog);
});

test.each([
	[
		'a url over 2048 characters',
		{ url: `https://example.com/${'a'.repeat(2048)}`, events: ['listing.created'] },
		'/data/attributes/url',
	],
	['no events', { url: 'https://example.com/h', events: [] }, '/data/attributes/events'],
	[
		'a description over 255 characters',
		{ url: 'https://example.com/h', events: ['listing.created'], description: 'x'.repeat(256) },
		'/data/attributes/description',
	],
	[
		'an unknown event',
		{ url: 'https://example.com/h', events: ['listing.exploded'] },
		'/data/attributes/events',
	],
])('a create with %s is a JSON:API 422 pointing at the field', async (_what, body, pointer) => {
	const result = await call('POST', api, body, auth());
	expect(result.status).toBe(422);
	expect(result.body.errors[0]).toMatchObject({ status: '422', source: { pointer } });
	expect(result.body.errors[0].detail.length).toBeGreaterThan(10);
});

test('plan limits: Starter allows 2 webhooks, the third is a 403 the shared client reads as plan_limit_reached', async () => {
	const starter = await createAccount(provider, 'vellocity', 'starter');
	expect((await createWebhook('/s1', ['listing.created'], starter.apiKey)).status).toBe(201);
	expect((await createWebhook('/s2', ['listing.created'], starter.apiKey)).status).toBe(201);
	const third = await createWebhook('/s3', ['listing.created'], starter.apiKey);
	expect(third.status).toBe(403);
	expect(third.body.errors[0].code).toBe('webhook_limit_reached');
	const client = new SubscriptionClient('vellocity', {
		apiKey: starter.apiKey,
		baseUrl: provider.personas.vellocity,
	});
	await expect(
		client.subscribe({ url: 'https://example.com/h', events: ['listing.created'] }),
	).rejects.toMatchObject({ code: 'plan_limit_reached' });
	const enterprise = await createAccount(provider, 'vellocity', 'enterprise');
	for (let i = 0; i < 5; i++)
		expect((await createWebhook(`/e${i}`, ['listing.created'], enterprise.apiKey)).status).toBe(
			201,
		);
});

test('accounts are isolated: another key sees 404, never 403', async () => {
	const other = await createAccount(provider, 'vellocity');
	const mine = (await call('GET', api, undefined, auth())).body.data[0].id as number;
	expect((await call('DELETE', `${api}/${mine}`, undefined, auth(other.apiKey))).status).toBe(404);
	expect((await call('POST', `${api}/test`, { webhook_id: mine }, auth(other.apiKey))).status).toBe(
		404,
	);
	expect((await call('GET', api, undefined, auth(other.apiKey))).body.data).toEqual([]);
});

test('DELETE → 204, then 404; an unknown key → 401 Unauthenticated', async () => {
	const created = await createWebhook('/to-delete', ['content.generated']);
	const id = created.body.data.id as number;
	expect((await call('DELETE', `${api}/${id}`, undefined, auth())).status).toBe(204);
	const again = await call('DELETE', `${api}/${id}`, undefined, auth());
	expect(again.status).toBe(404);
	expect(again.body.errors[0]).toMatchObject({ status: '404', title: 'Not Found' });
	const anonymous = await call('GET', api, undefined, auth('nope'));
	expect(anonymous.status).toBe(401);
	expect(anonymous.body.errors[0].title).toBe('Unauthenticated');
});

test('throttle: past the per-key limit a 429 with Retry-After, read by the shared client', async () => {
	const throttled = await startTestProvider({ rateLimitPerMinute: 3 });
	try {
		const partner = await createAccount(throttled, 'vellocity');
		const url = `${throttled.personas.vellocity}/partners/webhooks`;
		for (let i = 0; i < 3; i++)
			expect((await call('GET', url, undefined, auth(partner.apiKey))).status).toBe(200);
		const refused = await call('GET', url, undefined, auth(partner.apiKey));
		expect(refused.status).toBe(429);
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
		const client = new SubscriptionClient('vellocity', {
			apiKey: partner.apiKey,
			baseUrl: throttled.personas.vellocity,
		});
		const error = await client.list().catch((e: unknown) => e);
		expect(error).toMatchObject({ code: 'rate_limited' });
		expect((error as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
	} finally {
		await throttled.close();
	}
});
