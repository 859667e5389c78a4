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

// The same profile with a `persona` section of its own: the shapes here are this test's, not
// any built-in provider's, so a pass shows the answers come from the file's data.
const anvil = loadProfile({
	...FORGE,
	id: 'anvil',
	name: 'Anvil',
	api: {
		...FORGE.api,
		baseUrl: 'https://api.anvil.example/v2',
		endpoints: { ...FORGE.api.endpoints, update: { method: 'PATCH', path: '/hooks/{id}' } },
		fields: { ...FORGE.api.fields, active: 'active' },
		responses: {
			...FORGE.api.responses,
			createdId: 'hook.id',
			createdSecret: 'meta.secret',
			listItems: 'hooks',
		},
	},
	// Anvil makes the secret and shows it once, in the `meta` every answer carries.
	secret: { origin: 'provider' },
	persona: {
		accountId: 'org-{hex:8}',
		apiKeyPrefix: 'anv_',
		api: {
			success: { ok: true, meta: { api: 'v2' } },
			item: { createdAt: 'created', fixed: { kind: 'hook', links: { docs: '/hooks' } } },
			deleted: { gone: true },
			error: { ok: false, problem: { kind: '{code}', why: '{message}', field: '{pointer}' } },
			rateLimited: true,
		},
	},
});

test("a profile file's persona section shapes ids, keys, answers and errors", async () => {
	const throttled = await startTestProvider({ profiles: [anvil], rateLimitPerMinute: 5 });
	try {
		const account = await createAccount(throttled, 'anvil');
		expect(account.id).toMatch(/^org-[0-9a-f]{8}$/);
		expect(account.apiKey).toMatch(/^anv_[0-9a-f]{32}$/);
		const base = throttled.persona('anvil');
		expect(base).toBe(`${throttled.url}/anvil/v2`);
		const headers = { authorization: `token ${account.apiKey}`, 'x-forge-org': account.id };
		const created = await call(
			'POST',
			`${base}/hooks`,
			{ url: `${url}/a`, events: ['push'] },
			headers,
		);
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({
			ok: true,
			hook: { kind: 'hook', config: { url: `${url}/a` }, events: ['push'] },
		});
		expect(created.body.hook.created).toMatch(/^\d{4}-\d\d-\d\dT/);
		const secret = created.body.meta.secret as string;
		expect(created.body.meta).toEqual({ api: 'v2', secret: expect.any(String) });
		const id = created.body.hook.id as string;
		const patched = await call('PATCH', `${base}/hooks/${id}`, { active: false }, headers);
		expect(patched.body).toMatchObject({ ok: true, hook: { id, active: false } });
		const listed = await call('GET', `${base}/hooks`, undefined, headers);
		expect(listed.body).toMatchObject({ ok: true, hooks: [{ id, active: false }] });
		// The secret was written into that one answer only, never into the persona's members.
		expect(listed.body.meta).toEqual({ api: 'v2' });
		expect(JSON.stringify([patched.body, listed.body])).not.toContain(secret);
		const bad = await call('POST', `${base}/hooks`, { url: `${url}/b`, events: [] }, headers);
		expect(bad.status).toBe(422);
		expect(bad.body).toEqual({
			ok: false,
			problem: { kind: 'validation_failed', why: expect.any(String), field: '/events' },
		});
		const noOrg = await call('GET', `${base}/hooks`, undefined, {
			authorization: headers.authorization,
		});
		expect(noOrg.status).toBe(400);
		// No pointer: the member that needs one is left out.
		expect(noOrg.body).toEqual({
			ok: false,
			problem: { kind: 'missing_account', why: expect.any(String) },
		});
		const gone = await call('DELETE', `${base}/hooks/${id}`, undefined, headers);
		expect(gone).toMatchObject({ status: 200, body: { ok: true, gone: true } });
		// Five calls a minute (the one without its account header did not count: it named no
		// account): the sixth with the same key is refused until the window ends.
		const refused = await call('GET', `${base}/hooks`, undefined, headers);
		expect(refused.status).toBe(429);
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(refused.body.problem.kind).toBe('too_many_requests');
	} finally {
		await throttled.close();
	}
});
