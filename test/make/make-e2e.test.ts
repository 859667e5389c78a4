import { createServer, type Server } from 'node:http';
import { profiles } from '../../shared';
import { generatedFiles } from '../../make/src/write-apps';
import type { RunningProvider } from '../../provider/start-provider';
import { closeServer, listenOnLoopback } from '../helpers/loopback-server';
import { signedDelivery, NOW_SECONDS } from '../helpers/signed-delivery';
import { createAccount, emit, startTestProvider } from '../provider/helpers/provider-fixture';
import { evaluate } from './iml';
import { runRequest, runWebhook } from './make-runner';

// The generated Make apps run by the IML-subset evaluator (test/make/iml.ts) against the
// running reference provider over loopback: attach → a delivery through the webhook's
// communication → detach. Only Make's cloud is stood in for (the evaluator and the hook URL).
const files = generatedFiles();
const read = (id: string, path: string) => JSON.parse(files[`apps/${id}/${path}`] ?? 'null');

let provider: RunningProvider;
beforeAll(async () => {
	provider = await startTestProvider();
});
afterAll(() => provider.close());

describe.each(['velaflows', 'vellocity'])('Make app %s against the reference provider', (id) => {
	test('connection check, attach, a delivery shaped as the interface says, detach', async () => {
		const hook = `${id}Events`;
		const base = read(id, 'general/base.iml.json');
		const account = await createAccount(provider, id);
		const connection = {
			apiKey: account.apiKey,
			workspaceId: account.id,
			baseUrl: provider.personas[id as 'velaflows' | 'vellocity'],
		};
		await runRequest(
			read(id, `connections/${id}/${id}.communication.iml.json`),
			{},
			{ parameters: connection },
		);

		const outputs: unknown[] = [];
		let webhook: Record<string, unknown> = {};
		const server: Server = createServer((request, response) => {
			let raw = '';
			request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
			request.on('end', () => {
				const result = runWebhook(read(id, `webhooks/${hook}/${hook}.communication.iml.json`), {
					body: JSON.parse(raw),
					headers: request.headers,
					connection,
					webhook,
				});
				if (result.output) outputs.push(result.output);
				response.writeHead(result.status).end();
			});
		});
		const url = `${await listenOnLoopback(server)}/make-hook`;
		try {
			const type = profiles[id]?.events[1]?.type ?? '';
			const attached = await runRequest(
				read(id, `webhooks/${hook}/${hook}.attach.iml.json`),
				base,
				{ connection, parameters: { events: [type] }, webhook: { url } },
			);
			webhook = attached.data as Record<string, unknown>;
			expect(Object.keys(webhook).sort()).toEqual(['id', 'secret']);
			expect(String(webhook.id)).toMatch(/^\w+$/);
			expect((webhook.secret as string).length).toBeGreaterThan(20);
			const hooks = provider.context.webhooks.list(id, account.id);
			expect(hooks.map((h) => [h.id, h.url, h.events])).toEqual([
				[String(webhook.id), url, [type]],
			]);

			const sent = await emit(provider, id, account.id, type);
			const deadline = Date.now() + 10_000;
			while (outputs.length === 0 && Date.now() < deadline)
				await new Promise((r) => setTimeout(r, 20));
			const output = outputs[0] as Record<string, unknown>;
			const iface = read(id, 'modules/watchEvents/watchEvents.interface.iml.json') as Array<{
				name: string;
				type: string;
				spec?: Array<{ name: string }>;
			}>;
			expect(Object.keys(output).sort()).toEqual(iface.map((f) => f.name).sort());
			expect(output).toMatchObject({ id: sent.eventId, type, provider: id, verified: false });
			expect(Number.isNaN(Date.parse(String(output.occurredAt)))).toBe(false);
			const dataFields = iface.find((f) => f.name === 'data')?.spec?.map((f) => f.name) ?? [];
			expect(Object.keys(output.data as object).every((key) => dataFields.includes(key))).toBe(
				true,
			);

			const detach = read(id, `webhooks/${hook}/${hook}.detach.iml.json`);
			await runRequest(detach, base, { connection, webhook });
			expect(provider.context.webhooks.list(id, account.id)).toEqual([]);
			// Detaching a hook that is already gone is fine.
			await expect(runRequest(detach, base, { connection, webhook })).resolves.toMatchObject({
				statusCode: 404,
			});
		} finally {
			await closeServer(server);
		}
	});

	test("a bad API key surfaces the provider's message", async () => {
		const connection = {
			apiKey: 'nope',
			workspaceId: 'ws_x',
			baseUrl: provider.personas[id as 'velaflows' | 'vellocity'],
		};
		await expect(
			runRequest(
				read(id, `connections/${id}/${id}.communication.iml.json`),
				{},
				{ parameters: connection },
			),
		).rejects.toThrow(/^\[401\] .+/);
	});
});

test('InboundFlow: the IML signature check accepts a genuine delivery and answers 401 to a forged one', () => {
	const secret = 'your_signing_secret';
	const spec = read(
		'inboundflow',
		'webhooks/inboundflowEvents/inboundflowEvents.communication.iml.json',
	);
	const body = JSON.stringify(profiles.inboundflow?.events[0]?.sample);
	const signed = signedDelivery('inboundflow', body, secret, {
		timestamp: NOW_SECONDS,
		compact: true,
	});
	const genuine = runWebhook(spec, {
		body: JSON.parse(body),
		headers: signed.headers,
		connection: { signingSecret: secret },
	});
	expect(genuine).toMatchObject({
		status: 200,
		output: { type: 'call.completed', id: 'unique-uuid', verified: true },
	});
	const forged = runWebhook(spec, {
		body: { ...JSON.parse(body), event: 'lead.created' },
		headers: signed.headers,
		connection: { signingSecret: secret },
	});
	expect(forged).toEqual({ status: 401 });
	expect(evaluate('{{ifempty(a; b)}}', { b: 2 })).toBe(2);
});
