import nock from 'nock';
import { getProfile, SubscriptionError, subscriptions } from '../../../shared';
import { SubscriptionClient } from '../../../cli/http/subscription-client';
import seeds from '../../fixtures/seed-documents.json';
import { freeLoopbackPort } from '../../helpers/loopback-server';

// The pure request builders and response parsers, executed by the axios executor against
// nock: requests and responses are the providers' documented examples.

const VELA = 'https://api.velaflows.com';
const VELL = 'https://api.vell.ai';
const velaCreds = { apiKey: 'YOUR_API_TOKEN', workspaceId: 'YOUR_WORKSPACE_ID' };
const vellCreds = { apiKey: 'vell_token' };

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => {
	nock.enableNetConnect();
	nock.restore();
});

async function failure(promise: Promise<unknown>): Promise<SubscriptionError> {
	const error = await promise.catch((e: unknown) => e);
	if (!(error instanceof SubscriptionError))
		throw new Error(`expected a SubscriptionError, got ${String(error)}`);
	return error;
}

describe('VelaFlows management API', () => {
	const client = new SubscriptionClient('velaflows', velaCreds);
	const events = ['inbox.conversation.created', 'inbox.message.received', 'crm.lead.stage_changed'];

	test('subscribe posts url, events and a generated whsec_ secret with bearer and workspace headers', async () => {
		let sentSecret = '';
		const scope = nock(VELA, {
			reqheaders: { authorization: 'Bearer YOUR_API_TOKEN', 'x-workspace-id': 'YOUR_WORKSPACE_ID' },
		})
			.post(
				'/api/v1/integrations/webhooks',
				(body: { url: string; events: string[]; secret: string }) => {
					sentSecret = body.secret;
					return (
						body.url === 'https://your-server.com/webhooks/velaflows' &&
						body.events.join() === events.join()
					);
				},
			)
			.reply(201, () => ({
				success: true,
				data: {
					subscription: {
						_id: '65f0c0ffee',
						url: 'https://your-server.com/webhooks/velaflows',
						events,
						active: true,
					},
				},
			}));
		const result = await client.subscribe({
			url: 'https://your-server.com/webhooks/velaflows',
			events,
		});
		expect(scope.isDone()).toBe(true);
		expect(sentSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
		expect(result).toEqual({ id: '65f0c0ffee', secret: sentSecret });
	});

	test('subscribe keeps a secret the caller chose', async () => {
		nock(VELA)
			.post(
				'/api/v1/integrations/webhooks',
				(b: { secret: string }) => b.secret === 'whsec_your_signing_secret_here',
			)
			.reply(201, { data: { subscription: { _id: 'sub_2' } } });
		const result = await client.subscribe({
			url: 'https://x.test/h',
			events,
			secret: 'whsec_your_signing_secret_here',
		});
		expect(result).toEqual({ id: 'sub_2', secret: 'whsec_your_signing_secret_here' });
	});

	test('list, update (PATCH events + active) and delete use the documented paths', async () => {
		nock(VELA)
			.get('/api/v1/integrations/webhooks')
			.reply(200, {
				data: { subscriptions: [{ _id: 'sub_1', url: 'https://x.test/h', events, active: true }] },
			})
			.patch('/api/v1/integrations/webhooks/sub_1', {
				events: ['inbox.conversation.created', 'crm.lead.created'],
				active: true,
			})
			.reply(200, { data: { subscription: { _id: 'sub_1' } } })
			.delete('/api/v1/integrations/webhooks/sub_1')
			.reply(200, { success: true });
		expect(await client.list()).toEqual([
			{ id: 'sub_1', url: 'https://x.test/h', events, active: true },
		]);
		await client.update('sub_1', {
			events: ['inbox.conversation.created', 'crm.lead.created'],
			active: true,
		});
		expect(await client.unsubscribe('sub_1')).toEqual({ deleted: true, alreadyGone: false });
		expect(nock.isDone()).toBe(true);
	});

	test('a missing workspace id is refused before any request is made', async () => {
		const error = await failure(
			new SubscriptionClient('velaflows', { apiKey: 'k' }).subscribe({
				url: 'https://x.test',
				events,
			}),
		);
		expect(error.code).toBe('missing_credentials');
		expect(error.message).toContain('Workspace ID');
	});

	test('a base URL override points every call at another instance', async () => {
		const scope = nock('http://127.0.0.1:4010')
			.get('/velaflows/api/v1/integrations/webhooks')
			.reply(200, { data: { subscriptions: [] } });
		const local = new SubscriptionClient('velaflows', {
			...velaCreds,
			baseUrl: 'http://127.0.0.1:4010/velaflows/api/v1/',
		});
		expect(await local.list()).toEqual([]);
		expect(scope.isDone()).toBe(true);
	});
});

describe('Vellocity management API', () => {
	const client = new SubscriptionClient('vellocity', vellCreds);

	test('subscribe reads the id and the once-only secret from the 201 response', async () => {
		nock(VELL, { reqheaders: { authorization: 'Bearer vell_token' } })
			.post('/api/v1/partners/webhooks', {
				url: 'https://your-app.com/webhooks/vellocity',
				events: ['listing.updated', 'cosell.created'],
				description: 'Production webhook',
			})
			.reply(201, {
				data: {
					type: 'webhook',
					id: 3,
					attributes: {
						url: 'https://your-app.com/webhooks/vellocity',
						events: ['listing.updated', 'cosell.created'],
						active: true,
					},
				},
				meta: {
					secret: 'a1b2c3d4e5f6',
					warning: 'Store this secret securely. It will not be shown again.',
				},
			});
		const result = await client.subscribe({
			url: 'https://your-app.com/webhooks/vellocity',
			events: ['listing.updated', 'cosell.created'],
			description: 'Production webhook',
		});
		expect(result).toEqual({ id: '3', secret: 'a1b2c3d4e5f6' });
	});

	test('a create response without the secret is an error, never a silently unsigned hook', async () => {
		nock(VELL)
			.post('/api/v1/partners/webhooks')
			.reply(201, { data: { id: 4 } });
		const error = await failure(
			client.subscribe({ url: 'https://x.test', events: ['listing.created'] }),
		);
		expect(error.code).toBe('unexpected_response');
	});

	test('list follows per_page/page pagination to the last page', async () => {
		const item = (id: number) => ({
			type: 'webhook',
			id,
			attributes: { url: `https://x.test/${id}`, events: ['listing.updated'], active: id !== 2 },
		});
		nock(VELL)
			.get('/api/v1/partners/webhooks')
			.query({ page: '1', per_page: '20' })
			.reply(200, {
				data: [item(1), item(2)],
				meta: { total: 3, page: 1, per_page: 20, total_pages: 2 },
			})
			.get('/api/v1/partners/webhooks')
			.query({ page: '2', per_page: '20' })
			.reply(200, { data: [item(5)], meta: { total: 3, page: 2, per_page: 20, total_pages: 2 } });
		const list = await client.list();
		expect(list.map((s) => [s.id, s.active])).toEqual([
			['1', true],
			['2', false],
			['5', true],
		]);
	});

	test('delete answers 204; a webhook already gone (404) counts as deleted', async () => {
		nock(VELL)
			.delete('/api/v1/partners/webhooks/3')
			.reply(204)
			.delete('/api/v1/partners/webhooks/9')
			.reply(404, { errors: [{ status: '404', title: 'Not Found' }] });
		expect(await client.unsubscribe('3')).toEqual({ deleted: true, alreadyGone: false });
		expect(await client.unsubscribe('9')).toEqual({ deleted: true, alreadyGone: true });
	});

	test('test posts the numeric webhook_id', async () => {
		const scope = nock(VELL)
			.post('/api/v1/partners/webhooks/test', { webhook_id: 1 })
			.reply(200, { data: { sent: true } });
		await client.test('1');
		expect(scope.isDone()).toBe(true);
	});

	test('catalog parses the documented event list', async () => {
		nock(VELL).get('/api/v1/partners/webhooks/events').reply(200, { data: seeds.vellocityCatalog });
		const catalog = await client.catalog();
		expect(catalog.map((e) => e.name)).toEqual(seeds.vellocityCatalog.map((e) => e.name));
		expect(catalog[0]?.payloadExample).toEqual({
			event: 'listing.created',
			listing_id: 123,
			provider: 'aws',
			status: 'pending',
		});
	});

	test.each([
		[401, {}, { message: 'Unauthenticated.' }, 'unauthorized', undefined],
		[
			403,
			{},
			{
				errors: [
					{
						status: '403',
						code: 'webhook_limit_reached',
						detail: 'Starter plans allow 2 webhooks.',
					},
				],
			},
			'plan_limit_reached',
			undefined,
		],
		[403, {}, { errors: [{ status: '403', title: 'Forbidden' }] }, 'forbidden', undefined],
		[
			422,
			{},
			{ errors: [{ detail: 'The url must be a valid URL.' }] },
			'invalid_request',
			undefined,
		],
		[429, { 'retry-after': '30' }, { message: 'Too Many Attempts.' }, 'rate_limited', 30],
		[503, {}, 'upstream down', 'provider_unavailable', undefined],
	])('an HTTP %i answer becomes a typed error', async (status, headers, body, code, retryAfter) => {
		nock(VELL).post('/api/v1/partners/webhooks').reply(status, body, headers);
		const error = await failure(
			client.subscribe({ url: 'https://x.test', events: ['listing.created'] }),
		);
		expect(error).toMatchObject({ code, status });
		expect(error.retryAfterSeconds).toBe(retryAfter);
		expect(error.message).not.toContain('vell_token');
	});

	test('the plan-limit message quotes the provider and says what to do', async () => {
		nock(VELL)
			.post('/api/v1/partners/webhooks')
			.reply(403, {
				errors: [{ code: 'webhook_limit_reached', detail: 'Starter plans allow 2 webhooks.' }],
			});
		const error = await failure(
			client.subscribe({ url: 'https://x.test', events: ['listing.created'] }),
		);
		expect(error.message).toMatch(/Delete one you no longer use, or upgrade the plan/);
		expect(error.message).toContain('Starter plans allow 2 webhooks.');
	});

	test('a refused connection is a typed provider_unavailable error without the URL path', async () => {
		// A real loopback port with nothing listening on it.
		const port = await freeLoopbackPort();
		nock.enableNetConnect('127.0.0.1');
		const base = `http://127.0.0.1:${port}/api/v1`;
		const error = await failure(
			new SubscriptionClient('vellocity', { ...vellCreds, baseUrl: base }).list(),
		);
		expect(error.code).toBe('provider_unavailable');
		expect(error.message).toContain(`http://127.0.0.1:${port} (ECONNREFUSED)`);
		expect(error.message).not.toContain('/partners');
	});
});

describe('manual-mode providers', () => {
	test.each(['flowella', 'inboundflow', 'standard-webhooks'])(
		'%s has no management API: a typed error',
		(id) => {
			expect(() =>
				subscriptions.subscribeRequest(
					getProfile(id),
					{ apiKey: 'k' },
					{ url: 'https://x', events: ['a'] },
				),
			).toThrow(expect.objectContaining({ code: 'unsupported_operation' }));
		},
	);
});
