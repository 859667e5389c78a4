import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { loadProfile, verifyDelivery } from '../../shared';
import { SubscriptionClient } from '../../cli/http/subscription-client';
import type { RunningProvider } from '../../provider/start-provider';
import { closeServer, listenOnLoopback } from '../helpers/loopback-server';
import { FORGE } from '../helpers/profile-fixtures';
import { call, createAccount, emit, startTestProvider } from './helpers/provider-fixture';

// A management API the reference provider serves from a profile file alone (a GitHub-style
// one: bare-array list, subscriber-chosen secret, `sha256=` over the body), driven by the same
// subscription client the CLI, the gateway and the demo use. Deliveries are checked with
// node:crypto, then read back with receive().
const forge = loadProfile(FORGE);

let provider: RunningProvider;
let server: Server;
let url = '';
const received: { headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
	provider = await startTestProvider({ profiles: [forge] });
	server = createServer((request, response) => {
		let body = '';
		request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
		request.on('end', () => {
			received.push({ headers: request.headers, body });
			response.end('ok');
		});
	});
	url = await listenOnLoopback(server);
});
afterAll(async () => {
	await provider.close();
	await closeServer(server);
});

test('subscribe, deliver, list and unsubscribe through the profile-served API', async () => {
	const account = await createAccount(provider, 'forge');
	const base = provider.personas.forge ?? '';
	const client = new SubscriptionClient(forge, {
		apiKey: account.apiKey,
		org: account.id,
		baseUrl: base,
	});
	const created = await client.subscribe({ url: `${url}/forge`, events: ['push'] });
	expect(created.secret.length).toBeGreaterThan(16);
	expect((await client.list()).map((s) => [s.id, s.url, s.events, s.active])).toEqual([
		[created.id, `${url}/forge`, ['push'], true],
	]);

	await emit(provider, 'forge', account.id, 'push', { ref: 'refs/heads/dev', commits: [] });
	const deadline = Date.now() + 20_000;
	while (received.length === 0 && Date.now() < deadline)
		await new Promise((r) => setTimeout(r, 20));
	const delivery = received[0];
	if (!delivery) throw new Error('nothing was delivered');
	const expected = createHmac('sha256', created.secret).update(delivery.body).digest('hex');
	expect(delivery.headers['x-forge-signature-256']).toBe(`sha256=${expected}`);
	const event = verifyDelivery(forge, delivery, { secrets: created.secret });
	expect(event).toMatchObject({ type: 'push', provider: 'forge', data: { ref: 'refs/heads/dev' } });

	expect(await client.unsubscribe(created.id)).toMatchObject({ alreadyGone: false });
	expect(await client.unsubscribe(created.id)).toMatchObject({ alreadyGone: true });
	expect(await client.list()).toEqual([]);
});

test('a wrong key, or the right key for another organisation, is a 401', async () => {
	const account = await createAccount(provider, 'forge');
	const hooks = `${provider.personas.forge}/hooks`;
	const wrongKey = await call('GET', hooks, undefined, {
		authorization: 'token nope',
		'x-forge-org': account.id,
	});
	expect(wrongKey.status).toBe(401);
	const otherOrg = await call('GET', hooks, undefined, {
		authorization: `token ${account.apiKey}`,
		'x-forge-org': 'another-org',
	});
	expect(otherOrg.status).toBe(401);
	const ok = await call('GET', hooks, undefined, {
		authorization: `token ${account.apiKey}`,
		'x-forge-org': account.id,
	});
	expect(ok).toMatchObject({ status: 200, body: [] });
});
