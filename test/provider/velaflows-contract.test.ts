import { profiles } from '../../shared';
import { SubscriptionClient } from '../../cli/http/subscription-client';
import type { RunningProvider } from '../../provider/start-provider';
import { call, createAccount, emit, startTestProvider } from './helpers/provider-fixture';
import { TestReceiver } from './helpers/test-receiver';

// The VelaFlows persona walked through the requests and responses of its docs, over real HTTP.
let provider: RunningProvider;
let receiver: TestReceiver;
let account: { id: string; apiKey: string };
let api: string;
const auth = () => ({ authorization: `Bearer ${account.apiKey}`, 'x-workspace-id': account.id });
const SECRET = 'whsec_your_signing_secret_here';
const EVENTS = ['inbox.conversation.created', 'inbox.message.received', 'crm.lead.stage_changed'];

beforeAll(async () => {
	provider = await startTestProvider();
	receiver = await new TestReceiver({
		provider: 'velaflows',
		secrets: { '/webhooks/velaflows': SECRET },
	}).start();
	account = await createAccount(provider, 'velaflows');
	api = `${provider.personas.velaflows}/integrations/webhooks`;
});
afterAll(async () => {
	await provider.close();
	await receiver.stop();
});

test('POST creates a subscription: 201 with data.subscription._id, never echoing the secret', async () => {
	const created = await call(
		'POST',
		api,
		{ url: `${receiver.url}/webhooks/velaflows`, events: EVENTS, secret: SECRET },
		auth(),
	);
	expect(created.status).toBe(201);
	expect(created.body.success).toBe(true);
	expect(created.body.data.subscription).toMatchObject({
		url: `${receiver.url}/webhooks/velaflows`,
		events: EVENTS,
		active: true,
	});
	expect(created.body.data.subscription._id).toMatch(/^[0-9a-f]{24}$/);
	expect(JSON.stringify(created.body)).not.toContain(SECRET);
});

test('an emitted event arrives as { eventId, eventType, workspaceId, timestamp, data }, verified twice', async () => {
	const sent = await emit(provider, 'velaflows', account.id, 'inbox.message.received');
	await receiver.waitFor((r) => r.some((d) => d.event?.id === sent.eventId));
	const delivery = receiver.received.find((d) => d.event?.id === sent.eventId);
	const body = JSON.parse(delivery?.body.toString() ?? '{}');
	expect(Object.keys(body)).toEqual(['eventId', 'eventType', 'workspaceId', 'timestamp', 'data']);
	expect(body).toMatchObject({
		eventId: sent.eventId,
		eventType: 'inbox.message.received',
		workspaceId: account.id,
	});
	expect(delivery?.headers['x-webhook-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
	expect(delivery?.independentlyVerified).toBe(true);
	expect(delivery?.event).toMatchObject({
		type: 'inbox.message.received',
		accountId: account.id,
		known: true,
		verified: true,
	});
	expect(delivery?.event?.validation.ok).toBe(true);
});

test('only subscribed types fan out', async () => {
	const sent = await emit(provider, 'velaflows', account.id, 'crm.lead.created');
	expect(sent.deliveries).toEqual([]);
});

test('GET lists, PATCH changes events and active, DELETE removes (then 404)', async () => {
	const list = await call('GET', api, undefined, auth());
	expect(list.status).toBe(200);
	const id = list.body.data.subscriptions[0]._id as string;
	const patched = await call(
		'PATCH',
		`${api}/${id}`,
		{ events: ['inbox.conversation.created', 'crm.lead.created'], active: true },
		auth(),
	);
	expect(patched.status).toBe(200);
	expect(patched.body.data.subscription.events).toEqual([
		'inbox.conversation.created',
		'crm.lead.created',
	]);
	const other = await createAccount(provider, 'velaflows');
	const foreign = { authorization: `Bearer ${other.apiKey}`, 'x-workspace-id': other.id };
	expect((await call('PATCH', `${api}/${id}`, { active: false }, foreign)).status).toBe(404);
	expect((await call('DELETE', `${api}/${id}`, undefined, foreign)).status).toBe(404);
	expect((await call('GET', api, undefined, foreign)).body.data.subscriptions).toEqual([]);
	expect((await call('DELETE', `${api}/${id}`, undefined, auth())).status).toBe(200);
	expect((await call('DELETE', `${api}/${id}`, undefined, auth())).status).toBe(404);
});

test.each([
	['no token', {}, 401, 'unauthenticated'],
	[
		'a wrong token',
		{ authorization: 'Bearer nope', 'x-workspace-id': 'ws_x' },
		401,
		'unauthenticated',
	],
	// The docs name no code for it: the profile-served API's `missing_account` (an account header).
	['no workspace header', { authorization: 'Bearer KEY' }, 400, 'missing_account'],
	[
		'another workspace',
		{ authorization: 'Bearer KEY', 'x-workspace-id': 'ws_other' },
		401,
		'unauthenticated',
	],
])('%s is refused with the VelaFlows error shape', async (_what, headers, status, code) => {
	const real = Object.fromEntries(
		Object.entries(headers).map(([k, v]) => [k, v.replace('KEY', account.apiKey)]),
	);
	const result = await call('GET', api, undefined, real);
	expect(result.status).toBe(status);
	expect(result.body).toMatchObject({ success: false, error: { code } });
	expect(result.body.error.message.length).toBeGreaterThan(10);
});

test.each([
	[
		'plain HTTP to a public host',
		{ url: 'http://your-server.com/webhooks', events: EVENTS },
		'invalid_url',
	],
	['a private address', { url: 'https://10.1.2.3/webhooks', events: EVENTS }, 'invalid_url'],
	[
		'the metadata address',
		{ url: 'https://169.254.169.254/latest', events: EVENTS },
		'invalid_url',
	],
	['no events', { url: 'https://your-server.com/webhooks', events: [] }, 'validation_failed'],
	[
		'an unknown category',
		{ url: 'https://your-server.com/webhooks', events: ['billing.invoice.paid'] },
		'unknown_event',
	],
	['a missing url', { events: EVENTS }, 'validation_failed'],
])('a create with %s is a 422 that says why', async (_what, body, code) => {
	const result = await call('POST', api, body, auth());
	expect(result.status).toBe(422);
	expect(result.body.error.code).toBe(code);
});

test('an uncatalogued type of a documented category may be subscribed (the catalog says 15+)', async () => {
	const result = await call(
		'POST',
		api,
		{ url: 'https://your-server.com/webhooks', events: ['inbox.tag.added'] },
		auth(),
	);
	expect(result.status).toBe(201);
});

test('malformed JSON is a 400 in the VelaFlows shape', async () => {
	const response = await fetch(api, {
		method: 'POST',
		headers: { ...auth(), 'content-type': 'application/json' },
		body: '{"url":',
	});
	expect(response.status).toBe(400);
	expect(await response.json()).toMatchObject({ success: false, error: { code: 'bad_request' } });
});

test("the shared subscription client (the adapters' request builders) works against the persona", async () => {
	const client = new SubscriptionClient(profiles.velaflows ?? 'velaflows', {
		...account,
		workspaceId: account.id,
		baseUrl: provider.personas.velaflows,
	});
	const created = await client.subscribe({
		url: `${receiver.url}/webhooks/generated`,
		events: ['crm.lead.created'],
	});
	expect(created.secret).toMatch(/^whsec_/);
	receiver.setSecret('/webhooks/generated', created.secret);
	expect((await client.list()).map((s) => s.id)).toContain(created.id);
	const sent = await emit(provider, 'velaflows', account.id, 'crm.lead.created');
	await receiver.waitFor((r) => r.some((d) => d.event?.id === sent.eventId));
	expect(receiver.received.find((d) => d.event?.id === sent.eventId)?.independentlyVerified).toBe(
		true,
	);
	await client.update(created.id, { active: false });
	expect((await client.list()).find((s) => s.id === created.id)?.active).toBe(false);
	expect(await client.unsubscribe(created.id)).toEqual({ deleted: true, alreadyGone: false });
	expect(await client.unsubscribe(created.id)).toEqual({ deleted: true, alreadyGone: true });
});

test('a subscription created without a secret receives unsigned deliveries', async () => {
	const created = await call(
		'POST',
		api,
		{ url: `${receiver.url}/webhooks/unsigned`, events: ['auth.member.invited'] },
		auth(),
	);
	expect(created.status).toBe(201);
	const sent = await emit(provider, 'velaflows', account.id, 'auth.member.invited');
	await receiver.waitFor((r) =>
		r.some((d) => d.path === '/webhooks/unsigned' && d.event?.id === sent.eventId),
	);
	const delivery = receiver.received.find((d) => d.path === '/webhooks/unsigned');
	expect(delivery?.headers['x-webhook-signature']).toBeUndefined();
});
