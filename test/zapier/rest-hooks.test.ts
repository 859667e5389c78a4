import nock from 'nock';
import { profiles } from '../../shared';
import { secretFor, signedDelivery } from '../helpers/signed-delivery';
import { appFor, appTester, hookBundle, operation } from './app-fixture';

// REST hooks with appTester + nock: Zapier's cloud is mocked (it cannot run here); the
// provider side is nock answering with the providers' documented responses. z.cache is
// appTester's own in-memory stand-in for Zapier's RPC.
const VELA = 'https://api.velaflows.com';
const VELL = 'https://api.vell.ai';
const targetUrl = 'https://hooks.zapier.com/hooks/standard/1/abc/';
const velaAuth = { apiKey: 'YOUR_API_TOKEN', workspaceId: 'YOUR_WORKSPACE_ID' };
const vellAuth = { apiKey: 'vell_token' };

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => {
	nock.enableNetConnect();
	nock.restore();
});

describe('VelaFlows app', () => {
	const app = appFor('velaflows');
	const tester = appTester(app);
	const trigger = operation(app, 'inbox.message.received');

	test('performSubscribe posts the documented request and returns { id, secret }', async () => {
		let sent: { url: string; events: string[]; secret: string } | undefined;
		const scope = nock(VELA, {
			reqheaders: { authorization: 'Bearer YOUR_API_TOKEN', 'x-workspace-id': 'YOUR_WORKSPACE_ID' },
		})
			.get('/api/v1/integrations/webhooks')
			.reply(200, { success: true, data: { subscriptions: [] } })
			.post('/api/v1/integrations/webhooks', (body: typeof sent) => {
				sent = body;
				return true;
			})
			.reply(201, {
				success: true,
				data: {
					subscription: {
						_id: '65f0c0ffee',
						url: targetUrl,
						events: ['inbox.message.received'],
						active: true,
					},
				},
			});
		const result = await tester(trigger.performSubscribe as never, {
			authData: velaAuth,
			targetUrl,
			inputData: {},
		});
		expect(scope.isDone()).toBe(true);
		expect(sent).toEqual({
			url: targetUrl,
			events: ['inbox.message.received'],
			secret: expect.stringMatching(/^whsec_/),
		});
		expect(result).toEqual({ id: '65f0c0ffee', secret: sent?.secret });
	});

	test('performSubscribe replaces a hook already registered for the same Zap URL (no duplicates)', async () => {
		const scope = nock(VELA)
			.get('/api/v1/integrations/webhooks')
			.reply(200, {
				data: {
					subscriptions: [
						{ _id: 'old', url: targetUrl, events: ['inbox.message.received'], active: true },
						{ _id: 'other', url: 'https://x.test', events: [], active: true },
					],
				},
			})
			.delete('/api/v1/integrations/webhooks/old')
			.reply(200, { success: true })
			.post('/api/v1/integrations/webhooks')
			.reply(201, { data: { subscription: { _id: 'new' } } });
		const result = (await tester(trigger.performSubscribe as never, {
			authData: velaAuth,
			targetUrl,
			inputData: {},
		})) as { id: string };
		expect(result.id).toBe('new');
		expect(scope.isDone()).toBe(true);
	});

	test('the Any Event trigger subscribes to the picked types', async () => {
		let events: string[] = [];
		nock(VELA)
			.get('/api/v1/integrations/webhooks')
			.reply(200, { data: { subscriptions: [] } })
			.post(
				'/api/v1/integrations/webhooks',
				(b: { events: string[] }) => ((events = b.events), true),
			)
			.reply(201, { data: { subscription: { _id: 's' } } });
		await tester(operation(app, 'anyEvent').performSubscribe as never, {
			authData: velaAuth,
			targetUrl,
			inputData: { eventTypes: ['crm.lead.created', 'inbox.conversation.closed'] },
		});
		expect(events).toEqual(['crm.lead.created', 'inbox.conversation.closed']);
	});

	test.each([
		['a bad key (401)', 401, {}, /VelaFlows refused the API key \(401\)/, 'unauthorized'],
		[
			'an HTTP URL the provider refuses (422)',
			422,
			{
				success: false,
				error: { code: 'invalid_url', message: 'The URL must use HTTPS (HTTP is rejected).' },
			},
			/rejected the request \(422\).*HTTPS/,
			'invalid_request',
		],
	])(
		'activation with %s fails with an actionable message',
		async (_what, status, body, message, code) => {
			nock(VELA).get('/api/v1/integrations/webhooks').reply(status, body);
			const error = (await tester(trigger.performSubscribe as never, {
				authData: velaAuth,
				targetUrl,
				inputData: {},
			}).catch((e: unknown) => e)) as Error;
			expect(error.message).toMatch(message);
			expect(error.message).toContain(`"code":"${code}"`);
		},
	);

	test('a missing workspace id is refused before any request', async () => {
		const error = (await tester(trigger.performSubscribe as never, {
			authData: { apiKey: 'k' },
			targetUrl,
			inputData: {},
		}).catch((e: unknown) => e)) as Error;
		expect(error.message).toMatch(/Workspace ID is missing/);
	});

	test('performUnsubscribe deletes the hook; already gone is fine', async () => {
		const scope = nock(VELA)
			.delete('/api/v1/integrations/webhooks/sub_1')
			.reply(200, { success: true })
			.delete('/api/v1/integrations/webhooks/sub_2')
			.reply(404, {});
		await expect(
			tester(trigger.performUnsubscribe as never, {
				authData: velaAuth,
				subscribeData: { id: 'sub_1', secret: 's' },
			}),
		).resolves.toEqual({ deleted: true, alreadyGone: false });
		await expect(
			tester(trigger.performUnsubscribe as never, {
				authData: velaAuth,
				subscribeData: { id: 'sub_2', secret: 's' },
			}),
		).resolves.toEqual({ deleted: true, alreadyGone: true });
		expect(scope.isDone()).toBe(true);
	});

	test('performUnsubscribe retries a transient failure once, then says how to clean up', async () => {
		nock(VELA)
			.delete('/api/v1/integrations/webhooks/sub_1')
			.reply(503)
			.delete('/api/v1/integrations/webhooks/sub_1')
			.reply(200, {});
		await expect(
			tester(trigger.performUnsubscribe as never, {
				authData: velaAuth,
				subscribeData: { id: 'sub_1', secret: 's' },
			}),
		).resolves.toMatchObject({ deleted: true });
		nock(VELA).delete('/api/v1/integrations/webhooks/sub_9').times(2).reply(503);
		const error = (await tester(trigger.performUnsubscribe as never, {
			authData: velaAuth,
			subscribeData: { id: 'sub_9', secret: 's' },
		}).catch((e: unknown) => e)) as Error;
		expect(error.message).toContain('hookbridge subscriptions delete sub_9');
	});

	test("perform verifies a delivery in Zapier's header shape and returns the normalised event", async () => {
		const secret = secretFor('velaflows');
		const body = JSON.stringify(
			profiles.velaflows?.events.find((e) => e.type === 'inbox.message.received')?.sample,
		);
		const signed = signedDelivery('velaflows', body, secret);
		const bundle = hookBundle({
			content: body,
			headers: { 'content-type': 'application/json', ...signed.headers },
			secret,
		});
		expect(bundle.rawRequest.headers['Http-X-Webhook-Signature']).toMatch(/^sha256=/);
		const [event] = (await tester(trigger.perform as never, bundle)) as Array<
			Record<string, unknown>
		>;
		expect(event).toMatchObject({
			type: 'inbox.message.received',
			provider: 'velaflows',
			verified: true,
			known: true,
		});
		// Zapier does not dedupe hooks: the same event again comes out as nothing.
		await expect(tester(trigger.perform as never, bundle)).resolves.toEqual([]);
		// performList (all the Zap editor calls) has exactly the keys perform returns.
		const [listed] = (await tester(trigger.performList as never, {
			authData: velaAuth,
			inputData: {},
		})) as Array<Record<string, unknown>>;
		expect(Object.keys(listed ?? {}).sort()).toEqual(Object.keys(event ?? {}).sort());
	});

	test('perform refuses a forged delivery with a clear error and returns nothing', async () => {
		const secret = secretFor('velaflows');
		const body = JSON.stringify(profiles.velaflows?.events[3]?.sample);
		const signed = signedDelivery('velaflows', body, secretFor('velaflows', 'x'));
		const error = (await tester(
			trigger.perform as never,
			hookBundle({ content: body, headers: signed.headers, secret }),
		).catch((e: unknown) => e)) as Error;
		expect(error.message).toContain('signature_mismatch');
		expect(error.message).toContain('does not match');
		expect(error.message).not.toContain(secret);
	});

	test('a per-event trigger ignores other types; Any Event keeps them', async () => {
		const secret = secretFor('velaflows');
		const body = JSON.stringify(
			profiles.velaflows?.events.find((e) => e.type === 'crm.lead.created')?.sample,
		);
		const bundle = hookBundle({
			content: body,
			headers: signedDelivery('velaflows', body, secret).headers,
			secret,
		});
		await expect(tester(trigger.perform as never, bundle)).resolves.toEqual([]);
		await expect(tester(operation(app, 'anyEvent').perform as never, bundle)).resolves.toHaveLength(
			1,
		);
	});

	test('the connection test lists webhooks; a bad key is an actionable error', async () => {
		nock(VELA)
			.get('/api/v1/integrations/webhooks')
			.reply(200, { data: { subscriptions: [] } });
		await expect(tester(app.authentication.test as never, { authData: velaAuth })).resolves.toEqual(
			{ webhooks: 0 },
		);
		nock(VELA).get('/api/v1/integrations/webhooks').reply(401, { success: false });
		await expect(tester(app.authentication.test as never, { authData: velaAuth })).rejects.toThrow(
			/refused the API key/,
		);
	});
});

describe('Vellocity app', () => {
	const app = appFor('vellocity');
	const tester = appTester(app);
	const trigger = operation(app, 'listing.updated');

	test('performSubscribe: list, then POST { url, events, description } → id and the once-only secret', async () => {
		const scope = nock(VELL, { reqheaders: { authorization: 'Bearer vell_token' } })
			.get('/api/v1/partners/webhooks')
			.query({ page: '1', per_page: '20' })
			.reply(200, { data: [], meta: { total: 0, page: 1, per_page: 20, total_pages: 1 } })
			.post('/api/v1/partners/webhooks', {
				url: targetUrl,
				events: ['listing.updated'],
				description: 'Zapier: New Listing Updated',
			})
			.reply(201, {
				data: {
					type: 'webhook',
					id: 3,
					attributes: { url: targetUrl, events: ['listing.updated'], active: true },
				},
				meta: {
					secret: 'a'.repeat(64),
					warning: 'Store this secret securely. It will not be shown again.',
				},
			});
		await expect(
			tester(trigger.performSubscribe as never, { authData: vellAuth, targetUrl, inputData: {} }),
		).resolves.toEqual({ id: '3', secret: 'a'.repeat(64) });
		expect(scope.isDone()).toBe(true);
	});

	test('the plan limit is an actionable activation error', async () => {
		nock(VELL)
			.get('/api/v1/partners/webhooks')
			.query(true)
			.reply(200, { data: [], meta: { total_pages: 1 } })
			.post('/api/v1/partners/webhooks')
			.reply(403, {
				errors: [
					{
						status: '403',
						code: 'webhook_limit_reached',
						detail: 'Your starter plan allows 2 webhooks.',
					},
				],
			});
		const error = (await tester(trigger.performSubscribe as never, {
			authData: vellAuth,
			targetUrl,
			inputData: {},
		}).catch((e: unknown) => e)) as Error;
		expect(error.message).toMatch(
			/plan allows no more webhooks. Delete one you no longer use, or upgrade the plan/,
		);
		expect(error.message).toContain('plan_limit_reached');
	});

	test("a rate limit becomes Zapier's ThrottledError with the provider's Retry-After", async () => {
		nock(VELL)
			.get('/api/v1/partners/webhooks')
			.query(true)
			.reply(429, { message: 'Too Many Attempts.' }, { 'retry-after': '42' });
		const error = (await tester(trigger.performSubscribe as never, {
			authData: vellAuth,
			targetUrl,
			inputData: {},
		}).catch((e: unknown) => e)) as Error;
		expect(error.name).toBe('ThrottledError');
		// zapier-platform-core itself turns a 429 into ThrottledError before our parser sees it.
		expect(JSON.parse(error.message)).toMatchObject({ delay: 42 });
	});

	test('the test-only webhook.test trigger keeps only test deliveries', async () => {
		const secret = secretFor('vellocity');
		const testOp = operation(app, 'webhook.test');
		const testBody = JSON.stringify(
			profiles.vellocity?.events.find((e) => e.type === 'webhook.test')?.sample,
		);
		const realBody = JSON.stringify(profiles.vellocity?.events[0]?.sample);
		const test = hookBundle({
			content: testBody,
			headers: {
				...signedDelivery('vellocity', testBody, secret).headers,
				'X-Vellocity-Delivery': 'evt_t',
			},
			secret,
		});
		const real = hookBundle({
			content: realBody,
			headers: {
				...signedDelivery('vellocity', realBody, secret).headers,
				'X-Vellocity-Delivery': 'evt_r',
			},
			secret,
		});
		await expect(tester(testOp.perform as never, test)).resolves.toMatchObject([
			{ type: 'webhook.test', test: true },
		]);
		await expect(tester(testOp.perform as never, real)).resolves.toEqual([]);
	});
});
