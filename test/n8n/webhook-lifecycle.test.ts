import { createHmac } from 'node:crypto';
import type { INodeType } from 'n8n-workflow';
import { FlowellaTrigger } from '../../n8n/nodes/FlowellaTrigger/FlowellaTrigger.node';
import { InboundflowTrigger } from '../../n8n/nodes/InboundflowTrigger/InboundflowTrigger.node';
import { StandardWebhooksTrigger } from '../../n8n/nodes/StandardWebhooksTrigger/StandardWebhooksTrigger.node';
import { VelaflowsTrigger } from '../../n8n/nodes/VelaflowsTrigger/VelaflowsTrigger.node';
import { VellocityTrigger } from '../../n8n/nodes/VellocityTrigger/VellocityTrigger.node';
import { profiles } from '../../shared';
import { NOW_SECONDS, secretFor, signedDelivery } from '../helpers/signed-delivery';
import { stubContext, type RecordedCall, type StubOptions } from './stub-context';

type Hooks = {
	checkExists: () => Promise<boolean>;
	create: () => Promise<boolean>;
	delete: () => Promise<boolean>;
};
const hooks = (node: INodeType) => (node.webhookMethods as unknown as { default: Hooks }).default;
const run = <T>(fn: () => Promise<T>, ctx: object) => fn.call(ctx);

const PROD = 'https://n8n.example.com/webhook/abc/webhook';
const TEST = 'https://n8n.example.com/webhook-test/abc/webhook';
const vela = {
	apiKey: 'YOUR_API_TOKEN',
	workspaceId: 'YOUR_WORKSPACE_ID',
	baseUrl: 'https://api.velaflows.com/api/v1',
};

/** A VelaFlows account in memory, answering with the shapes its docs show. */
function velaflowsAccount() {
	const subs = new Map<
		string,
		{ _id: string; url: string; events: string[]; active: boolean; secret?: string }
	>();
	let next = 1;
	const respond = (call: RecordedCall) => {
		const id = call.url.split('/').pop() ?? '';
		if (call.method === 'GET')
			return {
				statusCode: 200,
				body: {
					success: true,
					data: { subscriptions: [...subs.values()].map(({ secret: _s, ...rest }) => rest) },
				},
			};
		if (call.method === 'POST') {
			const body = call.body as { url: string; events: string[]; secret: string };
			const sub = {
				_id: `sub_${next++}`,
				url: body.url,
				events: body.events,
				active: true,
				secret: body.secret,
			};
			subs.set(sub._id, sub);
			return {
				statusCode: 201,
				body: {
					success: true,
					data: { subscription: { _id: sub._id, url: sub.url, events: sub.events, active: true } },
				},
			};
		}
		if (call.method === 'DELETE')
			return subs.delete(id)
				? { statusCode: 200, body: { success: true } }
				: { statusCode: 404, body: { success: false } };
		return { statusCode: 405 };
	};
	return { subs, respond };
}

describe('VelaFlows trigger lifecycle', () => {
	const node = new VelaflowsTrigger();
	const context = (
		account: ReturnType<typeof velaflowsAccount>,
		extra: Partial<StubOptions> = {},
	) =>
		stubContext({
			credentials: vela,
			parameters: { events: ['inbox.message.received', 'crm.lead.created'] },
			respond: account.respond,
			...extra,
		});

	test('create subscribes with the documented request and keeps id, secret and events per URL', async () => {
		const account = velaflowsAccount();
		const ctx = context(account);
		expect(await run(hooks(node).checkExists, ctx)).toBe(false);
		expect(await run(hooks(node).create, ctx)).toBe(true);
		const post = ctx.calls.find((c) => c.method === 'POST');
		expect(post).toMatchObject({
			credentialType: 'velaflowsApi',
			url: 'https://api.velaflows.com/api/v1/integrations/webhooks',
		});
		expect(post?.body).toEqual({
			url: PROD,
			events: ['crm.lead.created', 'inbox.message.received'],
			secret: expect.stringMatching(/^whsec_/),
		});
		// Auth headers come from the credential's `authenticate`, not from the request.
		expect(Object.keys(post?.headers ?? {}).map((h) => h.toLowerCase())).not.toContain(
			'authorization',
		);
		const record = (
			ctx.staticData.hooks as Record<
				string,
				{ webhookId: string; webhookSecret: string; webhookEvents: string[] }
			>
		)[PROD];
		expect(record).toEqual({
			webhookId: 'sub_1',
			webhookSecret: (post?.body as { secret: string }).secret,
			webhookEvents: ['crm.lead.created', 'inbox.message.received'],
		});
		expect(await run(hooks(node).checkExists, ctx)).toBe(true);
	});

	test('checkExists notices changed events and replaces the hook; no duplicates', async () => {
		const account = velaflowsAccount();
		const staticData = {};
		await run(hooks(node).create, context(account, { staticData }));
		const changed = context(account, { staticData, parameters: { events: ['crm.lead.created'] } });
		expect(await run(hooks(node).checkExists, changed)).toBe(false);
		expect(account.subs.size).toBe(0);
		await run(hooks(node).create, changed);
		expect([...account.subs.values()].map((s) => s.events)).toEqual([['crm.lead.created']]);
	});

	test('checkExists notices a hook deleted at the provider (or disabled) and recreates it', async () => {
		const account = velaflowsAccount();
		const staticData = {};
		await run(hooks(node).create, context(account, { staticData }));
		account.subs.clear();
		expect(await run(hooks(node).checkExists, context(account, { staticData }))).toBe(false);
	});

	test('create replaces an orphan already registered for the same URL instead of adding a second', async () => {
		const account = velaflowsAccount();
		account.subs.set('orphan', {
			_id: 'orphan',
			url: PROD,
			events: ['crm.lead.created'],
			active: true,
		});
		account.subs.set('other', {
			_id: 'other',
			url: 'https://elsewhere.test/h',
			events: ['crm.lead.created'],
			active: true,
		});
		await run(hooks(node).create, context(account));
		expect([...account.subs.values()].filter((s) => s.url === PROD)).toHaveLength(1);
		expect(account.subs.has('orphan')).toBe(false);
		expect(account.subs.has('other')).toBe(true);
	});

	test('"Listen for test event" registers its own hook and removing it leaves production alone', async () => {
		const account = velaflowsAccount();
		const staticData = {};
		await run(hooks(node).create, context(account, { staticData, webhookUrl: PROD }));
		const test = context(account, { staticData, webhookUrl: TEST });
		expect(await run(hooks(node).checkExists, test)).toBe(false);
		await run(hooks(node).create, test);
		expect([...account.subs.values()].map((s) => s.url).sort()).toEqual([PROD, TEST].sort());
		await run(hooks(node).delete, test);
		expect([...account.subs.values()].map((s) => s.url)).toEqual([PROD]);
		expect(Object.keys(staticData as { hooks: object }).length).toBe(1);
		expect(Object.keys((staticData as { hooks: object }).hooks)).toEqual([PROD]);
	});

	test('delete tolerates a hook already gone (404) and clears static data', async () => {
		const account = velaflowsAccount();
		const staticData = {};
		await run(hooks(node).create, context(account, { staticData }));
		account.subs.clear();
		expect(await run(hooks(node).delete, context(account, { staticData }))).toBe(true);
		expect((staticData as { hooks: object }).hooks).toEqual({});
	});

	test('a refused API key is a NodeApiError with the typed message', async () => {
		const ctx = stubContext({
			credentials: vela,
			parameters: { events: ['crm.lead.created'] },
			respond: () => ({ statusCode: 401, body: {} }),
		});
		await expect(run(hooks(node).create, ctx)).rejects.toMatchObject({
			name: 'NodeApiError',
			message: expect.stringMatching(/refused the API key/),
		});
	});
});

describe('Vellocity trigger lifecycle', () => {
	test('create posts { url, events, description } and keeps the once-only secret', async () => {
		const node = new VellocityTrigger();
		const ctx = stubContext({
			credentials: { apiKey: 'vell_token', baseUrl: 'https://api.vell.ai/api/v1' },
			parameters: { events: ['listing.updated'] },
			respond: (call) =>
				call.method === 'GET'
					? { statusCode: 200, body: { data: [], meta: { total_pages: 1 } } }
					: {
							statusCode: 201,
							body: {
								data: { type: 'webhook', id: 3, attributes: {} },
								meta: { secret: 'f'.repeat(64) },
							},
						},
		});
		await run(hooks(node).create, ctx);
		expect(ctx.calls.map((c) => `${c.method} ${c.url}`)).toEqual([
			'GET https://api.vell.ai/api/v1/partners/webhooks?page=1&per_page=20',
			'POST https://api.vell.ai/api/v1/partners/webhooks',
		]);
		expect(ctx.calls[1]?.body).toEqual({
			url: PROD,
			events: ['listing.updated'],
			description: 'n8n: Orders',
		});
		expect(ctx.staticData.hooks).toEqual({
			[PROD]: { webhookId: '3', webhookSecret: 'f'.repeat(64), webhookEvents: ['listing.updated'] },
		});
	});
});

describe('webhook()', () => {
	const node = new VelaflowsTrigger();
	const secret = secretFor('velaflows');
	const body = JSON.stringify(
		profiles.velaflows?.events.find((e) => e.type === 'crm.lead.created')?.sample,
	);
	const staticData = {
		hooks: {
			[PROD]: { webhookId: 'sub_1', webhookSecret: secret, webhookEvents: ['crm.lead.created'] },
		},
	};
	const deliver = (
		headers: Record<string, string>,
		raw = body,
		extra: Partial<StubOptions> = {},
	) => {
		const ctx = stubContext({
			staticData: structuredClone(staticData),
			request: { headers, rawBody: Buffer.from(raw) },
			...extra,
		});
		return { ctx, result: run(node.webhook as () => Promise<unknown>, ctx) };
	};

	test('a delivery signed with the subscription secret outputs the normalised event', async () => {
		const { result } = deliver(signedDelivery('velaflows', body, secret).headers);
		expect(await result).toEqual({
			workflowData: [
				[
					{
						json: expect.objectContaining({
							type: 'crm.lead.created',
							provider: 'velaflows',
							verified: true,
						}),
					},
				],
			],
		});
	});

	test('a forged delivery gets 401 and runs nothing', async () => {
		const { ctx, result } = deliver(
			signedDelivery('velaflows', body, secretFor('velaflows', 'z')).headers,
		);
		expect(await result).toEqual({ noWebhookResponse: true });
		expect(ctx.response).toMatchObject({
			status: 401,
			body: { error: { code: 'signature_mismatch' } },
		});
	});

	test('with no stored secret every delivery is refused (fails closed)', async () => {
		const { ctx, result } = deliver(signedDelivery('velaflows', body, secret).headers, body, {
			staticData: {},
		});
		expect(await result).toEqual({ noWebhookResponse: true });
		expect(ctx.response).toMatchObject({
			status: 401,
			body: { error: { code: 'missing_secret' } },
		});
	});

	test('a repeat is answered 200 and runs nothing; data-only and header options shape the output', async () => {
		const shared = structuredClone(staticData);
		const headers = signedDelivery('velaflows', body, secret).headers;
		const first = stubContext({
			staticData: shared,
			request: { headers, rawBody: Buffer.from(body) },
			parameters: { options: { dataOnly: true, includeHeaders: true } },
		});
		const output = (await run(node.webhook as () => Promise<unknown>, first)) as {
			workflowData: Array<Array<{ json: Record<string, unknown> }>>;
		};
		expect(output.workflowData[0]?.[0]?.json).toMatchObject({
			leadId: 'lead_301',
			headers: { 'x-webhook-signature': headers['x-webhook-signature'] },
		});
		const again = stubContext({
			staticData: shared,
			request: { headers, rawBody: Buffer.from(body) },
		});
		expect(await run(node.webhook as () => Promise<unknown>, again)).toEqual({
			noWebhookResponse: true,
		});
		expect(again.response).toMatchObject({ status: 200, body: { duplicate: true } });
	});

	test("manual mode: the credential's secret verifies; unselected event types are acknowledged and skipped", async () => {
		const flowella = new FlowellaTrigger();
		const key = secretFor('flowella');
		const sample = JSON.stringify(profiles.flowella?.events[0]?.sample);
		const ctx = stubContext({
			credentials: { signingSecret: key },
			parameters: { events: ['message.received'] },
			request: {
				headers: signedDelivery('flowella', sample, key).headers,
				rawBody: Buffer.from(sample),
			},
		});
		expect(await run(flowella.webhook as () => Promise<unknown>, ctx)).toMatchObject({
			workflowData: [[{ json: { type: 'message.received' } }]],
		});
		const other = stubContext({
			credentials: { signingSecret: key },
			parameters: { events: ['message.read'] },
			request: {
				headers: signedDelivery('flowella', sample, key).headers,
				rawBody: Buffer.from(sample),
			},
		});
		expect(await run(flowella.webhook as () => Promise<unknown>, other)).toEqual({
			noWebhookResponse: true,
		});
		expect(other.response.status).toBe(200);
		const testBody = JSON.stringify(
			profiles.flowella?.events.find((e) => e.type === 'webhook.test')?.sample,
		);
		const test = stubContext({
			credentials: { signingSecret: key },
			parameters: { events: ['message.read'] },
			request: {
				headers: signedDelivery('flowella', testBody, key).headers,
				rawBody: Buffer.from(testBody),
			},
		});
		expect(await run(flowella.webhook as () => Promise<unknown>, test)).toMatchObject({
			workflowData: [[{ json: { type: 'webhook.test', test: true } }]],
		});
	});

	test('manual mode: InboundFlow with a stale timestamp is refused', async () => {
		const inbound = new InboundflowTrigger();
		const key = 'your_signing_secret';
		const sample = JSON.stringify(profiles.inboundflow?.events[0]?.sample);
		const ctx = stubContext({
			credentials: { signingSecret: key },
			request: {
				headers: signedDelivery('inboundflow', sample, key, { timestamp: NOW_SECONDS }).headers,
				rawBody: Buffer.from(sample),
			},
		});
		expect(await run(inbound.webhook as () => Promise<unknown>, ctx)).toEqual({
			noWebhookResponse: true,
		});
		expect(ctx.response).toMatchObject({
			status: 401,
			body: { error: { code: 'timestamp_too_old' } },
		});
	});
});

describe('manual mode: a credential secret that cannot be a key', () => {
	const node = new StandardWebhooksTrigger();
	const body = JSON.stringify({ type: 'contact.created', data: {} });
	// HMAC-SHA256 under a zero-length key: what a `whsec_` secret would have verified.
	const headers = {
		'webhook-id': 'msg_1',
		'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
		'webhook-signature': '',
	};
	headers['webhook-signature'] = `v1,${createHmac('sha256', Buffer.alloc(0))
		.update(`msg_1.${headers['webhook-timestamp']}.${body}`)
		.digest('base64')}`;
	type SecretTest = (c: unknown) => Promise<{ status: string; message: string }>;
	const secretTest = (name: string) =>
		(node.methods as { credentialTest?: Record<string, SecretTest> } | undefined)?.credentialTest?.[
			name
		];

	test("the credential's Test button is the secret check, and refuses whsec_ with invalid_secret", async () => {
		const testedBy = node.description.credentials?.[0]?.testedBy;
		expect(testedBy).toBe('signingSecretTest');
		const check = secretTest(String(testedBy));
		if (!check) throw new Error('no credential test');
		const refused = await check.call({}, { data: { signingSecret: 'whsec_' } });
		expect(refused).toMatchObject({ status: 'Error' });
		expect(refused.message).toMatch(/^invalid_secret: Signing Secret: /);
		const previous = await check.call(
			{},
			{
				data: {
					signingSecret: secretFor('standard-webhooks'),
					previousSigningSecret: 'whsec_!!!!',
				},
			},
		);
		expect(previous.message).toMatch(/^invalid_secret: Previous Signing Secret: /);
		await expect(
			check.call({}, { data: { signingSecret: secretFor('standard-webhooks') } }),
		).resolves.toMatchObject({ status: 'OK' });
	});

	test('activation is refused while the secret is unusable', async () => {
		const ctx = stubContext({ credentials: { signingSecret: 'whsec_a' } });
		await expect(run(hooks(node).create, ctx)).rejects.toThrow(/invalid_secret/);
		const fine = stubContext({ credentials: { signingSecret: secretFor('standard-webhooks') } });
		await expect(run(hooks(node).create, fine)).resolves.toBe(true);
	});

	test('webhook() answers 500 invalid_secret to an empty-key forgery, and runs nothing', async () => {
		const ctx = stubContext({
			credentials: { signingSecret: 'whsec_' },
			request: { headers, rawBody: Buffer.from(body) },
		});
		expect(await run(node.webhook as () => Promise<unknown>, ctx)).toEqual({
			noWebhookResponse: true,
		});
		expect(ctx.response).toMatchObject({
			status: 500,
			body: { error: { code: 'invalid_secret' } },
		});
	});
});
