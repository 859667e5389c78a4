import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { profiles } from '../../shared';
import { closeServer, listenOnLoopback } from '../helpers/loopback-server';
import { secretFor, signedDelivery } from '../helpers/signed-delivery';
import { call, createAccount, startTestProvider } from '../provider/helpers/provider-fixture';
import { CliProcess, hookbridge } from './helpers/cli-process';

// Every test and hook here spawns the built CLI (listen, trigger, subscriptions): a timeout
// sized for a loaded 2-core machine instead of jest's 5 s default.
jest.setTimeout(60_000);

/** A platform's catch hook (Zapier, Make, n8n stand-in) that checks Standard Webhooks itself. */
class CatchServer {
	readonly requests: Array<{ headers: IncomingHttpHeaders; body: string; signatureOk: boolean }> =
		[];
	answers: number[] = [];
	secret = '';
	private server: Server | undefined;
	url = '';

	async start(): Promise<this> {
		this.server = createServer((request, response) => {
			let body = '';
			request.on('data', (c: Buffer) => (body += c.toString()));
			request.on('end', () => {
				this.requests.push({
					headers: request.headers,
					body,
					signatureOk: this.check(request.headers, body),
				});
				response.writeHead(this.answers.shift() ?? 200).end();
			});
		});
		this.url = `${await listenOnLoopback(this.server)}/hooks/catch`;
		return this;
	}

	/** Independent Standard Webhooks check: HMAC-SHA256 of `id.timestamp.body`, base64 key. */
	private check(headers: IncomingHttpHeaders, body: string): boolean {
		const key = Buffer.from(this.secret.replace(/^whsec_/, ''), 'base64');
		const signed = `${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`;
		const expected = `v1,${createHmac('sha256', key).update(signed).digest('base64')}`;
		return String(headers['webhook-signature']).split(' ').includes(expected);
	}

	async stop() {
		await closeServer(this.server);
	}
}

async function post(
	url: string,
	delivery: { headers: Record<string, string>; body: string | Buffer },
) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...delivery.headers },
		body: delivery.body,
	});
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('hookbridge listen --forward', () => {
	const secret = secretFor('flowella');
	const sample = profiles.flowella?.events[0]?.sample ?? {};
	let catcher: CatchServer;
	let listen: CliProcess;
	let url: string;

	beforeAll(async () => {
		catcher = await new CatchServer().start();
		listen = new CliProcess([
			'listen',
			'--provider',
			'flowella',
			'--port',
			'0',
			'--secret',
			secret,
			'--forward',
			catcher.url,
		]);
		url = (await listen.waitFor(/deliveries on (http:\/\/127\.0\.0\.1:\d+)\//))[1] ?? '';
		catcher.secret = (await listen.waitFor(/Standard Webhooks secret (whsec_\S+)/))[1] ?? '';
		await listen.waitFor(/ready/);
	});
	afterAll(async () => {
		expect(await listen.stop()).toBe(0);
		await catcher.stop();
	});

	test('a verified delivery is printed, answered 200 and relayed re-signed with the printed secret', async () => {
		const result = await post(url, signedDelivery('flowella', JSON.stringify(sample), secret));
		expect(result.status).toBe(200);
		await listen.waitFor(/✔ flowella message\.received evt_fl_\d+\s+→ forwarded \(200\)/);
		expect(catcher.requests).toHaveLength(1);
		const relayed = catcher.requests[0];
		expect(relayed?.signatureOk).toBe(true);
		expect(relayed?.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
		expect(JSON.parse(relayed?.body ?? '{}')).toMatchObject({
			provider: 'flowella',
			type: 'message.received',
			verified: true,
			data: { messageId: expect.any(String) },
		});
	});

	test('a forged delivery gets 401 and is neither printed as an event nor relayed', async () => {
		const forged = signedDelivery('flowella', JSON.stringify(sample), secret);
		const before = { stdout: listen.stdout, relayed: catcher.requests.length };
		const result = await post(url, {
			headers: forged.headers,
			body: JSON.stringify({ ...sample, event: 'message.read' }),
		});
		expect(result.status).toBe(401);
		expect(result.body).toMatchObject({ error: { code: 'signature_mismatch' } });
		await listen.waitFor(/✖ 401 signature_mismatch/);
		expect(listen.stdout).toBe(before.stdout);
		expect(catcher.requests).toHaveLength(before.relayed);
	});

	test('a repeat is answered 200 as a duplicate and not relayed again', async () => {
		const before = catcher.requests.length;
		const result = await post(url, signedDelivery('flowella', JSON.stringify(sample), secret));
		expect(result).toMatchObject({ status: 200, body: { duplicate: true } });
		await listen.waitFor(/↺ duplicate flowella message\.received/);
		expect(catcher.requests).toHaveLength(before);
	});

	test('bad JSON is a 400 and an oversized body a 413', async () => {
		expect((await post(url, signedDelivery('flowella', '{"event":', secret))).status).toBe(400);
		const huge = JSON.stringify({
			event: 'message.received',
			data: { id: 'big', text: 'x'.repeat(1_200_000) },
		});
		expect((await post(url, signedDelivery('flowella', huge, secret))).status).toBe(413);
	});

	test('a failing relay is retried; when it keeps failing the provider gets 502 and its retry goes through', async () => {
		const body = JSON.stringify({
			...sample,
			data: { ...(sample.data as object), id: 'evt_retry' },
		});
		catcher.answers = [500, 503];
		const before = catcher.requests.length;
		expect((await post(url, signedDelivery('flowella', body, secret))).status).toBe(200);
		expect(catcher.requests.length - before).toBe(3);
		await listen.waitFor(/evt_retry\s+→ forwarded \(200, 3 tries\)/);
		const lost = JSON.stringify({
			...sample,
			data: { ...(sample.data as object), id: 'evt_lost' },
		});
		catcher.answers = [500, 500, 500];
		expect((await post(url, signedDelivery('flowella', lost, secret))).status).toBe(502);
		await listen.waitFor(/evt_lost\s+→ forward failed after 3 tries \(500\); answered 502/);
		// The provider's retry of the same delivery: not a duplicate, relayed now that the hook is back.
		const retry = await post(url, signedDelivery('flowella', lost, secret));
		expect(retry.status).toBe(200);
		const relays = catcher.requests.filter((r) => r.body.includes('evt_lost'));
		expect(relays).toHaveLength(4);
		expect(new Set(relays.map((r) => r.headers['webhook-id'])).size).toBe(1);
		expect(relays.every((r) => r.signatureOk)).toBe(true);
	});
});

describe('hookbridge listen --api-key (subscribes itself) with hookbridge trigger', () => {
	test('subscribes, prints triggered events as JSON lines, and deletes its webhook on SIGTERM', async () => {
		const provider = await startTestProvider();
		try {
			const account = await createAccount(provider, 'vellocity');
			const api = `${provider.persona('vellocity')}/partners/webhooks`;
			const listen = new CliProcess(
				[
					'listen',
					'--provider',
					'vellocity',
					'--port',
					'0',
					'--json',
					'--base-url',
					provider.persona('vellocity'),
					'--events',
					'listing.updated,cosell.created',
				],
				{ HOOKBRIDGE_API_KEY: account.apiKey },
			);
			const id = (await listen.waitFor(/subscribed: Vellocity webhook (\d+) for 2 event type/))[1];
			const url = (await listen.waitFor(/deliveries on (http:\/\/127\.0\.0\.1:\d+)\//))[1];
			const hooks = await call('GET', api, undefined, {
				authorization: `Bearer ${account.apiKey}`,
			});
			expect(hooks.body.data).toHaveLength(1);
			expect(hooks.body.data[0]).toMatchObject({
				id: Number(id),
				attributes: { url: `${url}/`, events: ['listing.updated', 'cosell.created'] },
			});

			const trigger = await hookbridge([
				'trigger',
				'--provider',
				'vellocity',
				'--type',
				'listing.updated',
				'--provider-url',
				provider.url,
			]);
			expect(trigger.code).toBe(0);
			expect(trigger.stdout).toMatch(/Vellocity listing\.updated evt_[0-9a-f]+ → 1 webhook/);
			const line = (await listen.waitFor(/^\{.*"type":"listing\.updated".*\}$/m))[0];
			expect(JSON.parse(line)).toMatchObject({
				provider: 'vellocity',
				type: 'listing.updated',
				verified: true,
				known: true,
				data: { listing_id: 123 },
			});

			expect(await listen.stop('SIGTERM')).toBe(0);
			expect(listen.stderr).toContain(`unsubscribed: Vellocity webhook ${id} deleted`);
			expect(
				(await call('GET', api, undefined, { authorization: `Bearer ${account.apiKey}` })).body
					.data,
			).toEqual([]);
		} finally {
			await provider.close();
		}
	});

	test('listen without a secret or an API key is a usage error', async () => {
		const run = await hookbridge(['listen', '--provider', 'flowella', '--port', '0']);
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(/^usage: Give the signing secret/);
	});

	test('trigger without a running provider says how to start one', async () => {
		const run = await hookbridge([
			'trigger',
			'--provider',
			'flowella',
			'--type',
			'message.read',
			'--provider-url',
			'http://127.0.0.1:9',
		]);
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('start one with: hookbridge provider');
	});
});

describe('hookbridge subscriptions', () => {
	test('list shows every hook; prune is a dry run until --yes and removes only the matches', async () => {
		const provider = await startTestProvider();
		try {
			const account = await createAccount(provider, 'velaflows');
			const api = `${provider.persona('velaflows')}/integrations/webhooks`;
			const headers = { authorization: `Bearer ${account.apiKey}`, 'x-workspace-id': account.id };
			for (const url of [
				'https://hooks.zapier.com/hooks/catch/1/a/',
				'https://hooks.zapier.com/hooks/catch/1/b/',
				'https://n8n.example.com/webhook/x',
			]) {
				expect(
					(
						await call(
							'POST',
							api,
							{ url, events: ['crm.lead.created'], secret: 'whsec_x' },
							headers,
						)
					).status,
				).toBe(201);
			}
			const flags = [
				'--provider',
				'velaflows',
				'--account',
				account.id,
				'--base-url',
				provider.persona('velaflows'),
			];
			const env = { HOOKBRIDGE_API_KEY: account.apiKey };
			const list = await hookbridge(['subscriptions', 'list', ...flags], '', env);
			expect(list.code).toBe(0);
			expect(list.stdout.match(/https:\/\//g)).toHaveLength(3);
			const dry = await hookbridge(
				['subscriptions', 'prune', ...flags, '--url-prefix', 'https://hooks.zapier.com/'],
				'',
				env,
			);
			expect(dry.stdout).toContain('dry run: 2 webhook(s) would be deleted');
			expect((await call('GET', api, undefined, headers)).body.data.subscriptions).toHaveLength(3);
			const real = await hookbridge(
				['subscriptions', 'prune', ...flags, '--url-prefix', 'https://hooks.zapier.com/', '--yes'],
				'',
				env,
			);
			expect(real.stdout).toContain('deleted 2 webhook(s)');
			const left = (await call('GET', api, undefined, headers)).body.data.subscriptions;
			expect(left.map((s: { url: string }) => s.url)).toEqual([
				'https://n8n.example.com/webhook/x',
			]);
			const gone = await hookbridge(['subscriptions', 'delete', left[0]._id, ...flags], '', env);
			expect(gone.stdout).toContain('deleted');
			const again = await hookbridge(['subscriptions', 'delete', left[0]._id, ...flags], '', env);
			expect(again.stdout).toContain('was already gone');
			const noKey = await hookbridge([
				'subscriptions',
				'list',
				'--provider',
				'velaflows',
				'--account',
				account.id,
				'--base-url',
				provider.persona('velaflows'),
				'--api-key',
				'wrong',
			]);
			expect(noKey.code).toBe(1);
			expect(noKey.stderr).toMatch(/^unauthorized: VelaFlows refused the API key/);
			const everything = await hookbridge(['subscriptions', 'prune', ...flags], '', env);
			expect(everything.code).toBe(2);
		} finally {
			await provider.close();
		}
	});
});
