import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { RunningProvider } from '../../provider/start-provider';
import { independentVerdicts } from '../helpers/independent-check';
import { closeServer, listenOnLoopback } from '../helpers/loopback-server';
import { call, createAccount, emit, startTestProvider } from '../provider/helpers/provider-fixture';
import { appFor, appTester, hookBundle, operation } from './app-fixture';

// The Zapier app against the running reference provider over real loopback HTTP. Only Zapier's
// cloud is stood in for: a local "hook URL" server hands each delivery to the app's perform
// exactly as Zapier does (Http- Camel-Case headers, the raw body as `content`). The hook also
// keeps the raw request, so the signature is checked a second time with node:crypto per the docs
// (test/helpers/independent-check.ts): perform's `verified: true` comes from hookbridge's own
// verifier, which alone would not catch a bug shared by its signer and its verifier.
let provider: RunningProvider;
// No nock in this file: its interceptor would sit between the in-process provider and the hook.
beforeAll(async () => {
	provider = await startTestProvider();
});
afterAll(async () => {
	await provider.close();
});

describe.each(['velaflows', 'vellocity'])('%s Zapier app ⇄ reference provider', (id) => {
	test('subscribe, receive a delivery through perform, unsubscribe', async () => {
		const app = appFor(id);
		const tester = appTester(app);
		const type = id === 'velaflows' ? 'crm.lead.stage_changed' : 'cosell.created';
		const trigger = operation(app, type);
		const account = await createAccount(provider, id);
		const baseUrl =
			id === 'velaflows' ? provider.persona('velaflows') : provider.persona('vellocity');
		const authData = { apiKey: account.apiKey, workspaceId: account.id, baseUrl };
		const events: unknown[][] = [];
		const wire: Array<{ headers: IncomingHttpHeaders; body: Buffer }> = [];
		let subscribeData: { id: string; secret: string } | undefined;
		const hook: Server = createServer((request, response) => {
			const chunks: Buffer[] = [];
			request.on('data', (chunk: Buffer) => chunks.push(chunk));
			request.on('end', () => {
				const body = Buffer.concat(chunks);
				wire.push({ headers: request.headers, body });
				const content = body.toString('utf8');
				const bundle = {
					...hookBundle({ content, headers: request.headers as Record<string, string>, authData }),
					subscribeData,
				};
				tester(trigger.perform as never, bundle).then(
					(result) => {
						events.push(result as unknown[]);
						response.writeHead(200).end('{"status":"success"}');
					},
					() => response.writeHead(500).end(),
				);
			});
		});
		const targetUrl = `${await listenOnLoopback(hook)}/hooks/standard/42/`;
		try {
			await expect(tester(app.authentication.test as never, { authData })).resolves.toEqual({
				webhooks: 0,
			});
			subscribeData = (await tester(trigger.performSubscribe as never, {
				authData,
				targetUrl,
				inputData: {},
			})) as { id: string; secret: string };
			expect(subscribeData.secret.length).toBeGreaterThan(20);
			// Activating again (a retried activation) leaves exactly one hook for this Zap.
			subscribeData = (await tester(trigger.performSubscribe as never, {
				authData,
				targetUrl,
				inputData: {},
			})) as { id: string; secret: string };
			const sent = await emit(provider, id, account.id, type);
			const deadline = Date.now() + 10_000;
			while (events.length === 0 && Date.now() < deadline)
				await new Promise((r) => setTimeout(r, 20));
			expect(events[0]).toEqual([
				expect.objectContaining({
					id: sent.eventId,
					type,
					provider: id,
					verified: true,
					known: true,
				}),
			]);
			// What went over the wire, checked without hookbridge: the documented HMAC-SHA256 over
			// the raw body with the secret the Zap holds (and refused once tampered with).
			const secret = subscribeData.secret;
			expect(wire.length).toBeGreaterThan(0);
			expect(wire.map((delivery) => independentVerdicts(id, delivery, secret))).toEqual(
				wire.map(() => ({ genuine: true, tamperedBody: false, otherSecret: false })),
			);
			const listed = await tester(trigger.performList as never, { authData, inputData: {} });
			expect(Object.keys((listed as object[])[0] ?? {}).sort()).toEqual(
				Object.keys((events[0]?.[0] as object) ?? {}).sort(),
			);
			await tester(trigger.performUnsubscribe as never, { authData, subscribeData });
			const list =
				id === 'velaflows'
					? (
							await call('GET', `${baseUrl}/integrations/webhooks`, undefined, {
								authorization: `Bearer ${account.apiKey}`,
								'x-workspace-id': account.id,
							})
						).body.data.subscriptions
					: (
							await call('GET', `${baseUrl}/partners/webhooks`, undefined, {
								authorization: `Bearer ${account.apiKey}`,
							})
						).body.data;
			expect(list).toEqual([]);
		} finally {
			await closeServer(hook);
		}
	}, 60_000);
});
