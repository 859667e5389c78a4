import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { NormalizedEvent } from '@hookbridge/core';
import { createApp as createExpressApp } from '../../examples/express/app';
import { createApp as createFastifyApp } from '../../examples/fastify/app';
import { createWebhookServer } from '../../examples/node-http/server';
import { closeServer, listenOnLoopback } from '../helpers/loopback-server';

// Each framework example, run as a real server on loopback, gets a Standard Webhooks delivery
// signed here with node:crypto (the independent oracle), the same delivery forged, and a repeat.
// Next.js itself is not run (it needs a build): its route handler gets real Requests through a
// node:http server that converts them, as Next's Node.js runtime hands a Request to POST.

const SECRET = `whsec_${Buffer.from('framework examples key, 32 bytes').toString('base64')}`;

function signed(id: string, body: string): Record<string, string> {
	const ts = String(Math.floor(Date.now() / 1000));
	const key = Buffer.from(SECRET.slice('whsec_'.length), 'base64');
	const mac = createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest('base64');
	return { 'webhook-id': id, 'webhook-timestamp': ts, 'webhook-signature': `v1,${mac}` };
}

async function post(url: string, headers: Record<string, string>, body: string) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body,
	});
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function nextServer(): Promise<Server> {
	process.env.WEBHOOK_SECRET = SECRET;
	const { POST } = await import('../../examples/nextjs/app/webhooks/route');
	return createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const headers = new Headers();
			for (const [name, value] of Object.entries(request.headers))
				if (typeof value === 'string') headers.set(name, value);
			const web = new Request(`http://127.0.0.1${request.url ?? '/'}`, {
				method: 'POST',
				headers,
				body: Buffer.concat(chunks),
			});
			void POST(web).then(async (answer) => {
				response.writeHead(answer.status, { 'content-type': 'application/json' });
				response.end(Buffer.from(await answer.arrayBuffer()));
			});
		});
	});
}

const examples: Array<[string, (events: NormalizedEvent[]) => Promise<string>]> = [
	[
		'node:http',
		async (events) => start(createWebhookServer(SECRET, (event) => void events.push(event))),
	],
	[
		'Express (express.raw)',
		async (events) =>
			start(createServer(createExpressApp(SECRET, (event) => void events.push(event)))),
	],
	[
		'Fastify (raw body parser)',
		async (events) => {
			const app = createFastifyApp(SECRET, (event) => void events.push(event));
			stops.push(() => app.close());
			const address = await app.listen({ host: '127.0.0.1', port: 0 });
			return `${address}/webhooks`;
		},
	],
	['Next.js route handler (arrayBuffer)', async () => start(await nextServer())],
];

let stops: Array<() => Promise<unknown>> = [];
afterEach(async () => {
	await Promise.all(stops.map((stop) => stop()));
	stops = [];
});

async function start(server: Server): Promise<string> {
	stops.push(() => closeServer(server));
	return `${await listenOnLoopback(server)}/webhooks`;
}

describe.each(examples)('%s example', (name, begin) => {
	test('accepts a signed delivery, refuses a forged one with 401, answers a repeat 200', async () => {
		const events: NormalizedEvent[] = [];
		const url = await begin(events);
		// One id per example: the examples share the process's default dedupe store.
		const id = `msg_${name.replace(/\W+/g, '_')}`;
		// Indented, as many senders post it: a handler that parses and re-serialises the body before
		// verifying (the usual raw-body mistake) gets other bytes and refuses it.
		const body = JSON.stringify(
			{ type: 'invoice.paid', data: { id: 'in_1', amount: 12 } },
			null,
			2,
		);
		const headers = signed(id, body);

		const accepted = await post(url, headers, body);
		expect(accepted.status).toBe(200);
		expect(accepted.body.duplicate).toBeUndefined();

		const forged = await post(url, headers, body.replace('12', '1200'));
		expect(forged).toEqual({ status: 401, body: { code: 'signature_mismatch' } });

		const unsigned = await post(url, {}, body);
		expect(unsigned).toEqual({ status: 401, body: { code: 'missing_signature' } });

		const repeat = await post(url, headers, body);
		expect(repeat).toEqual({ status: 200, body: { duplicate: true } });

		// The Next.js handler answers the event's id; the others hand the event to onEvent.
		const seen = name.startsWith('Next')
			? [[accepted.body.id, 'invoice.paid', true]]
			: events.map((event) => [event.id, event.type, event.verified]);
		expect(seen).toEqual([[id, 'invoice.paid', true]]);
	});
});

// The examples that take an onEvent: processing that fails once answers 500 and forgets the
// event, so the provider's retry is processed, not answered as a duplicate (no event lost).
describe.each(examples.filter(([name]) => !name.startsWith('Next')))(
	'%s example',
	(name, begin) => {
		test('a failure in onEvent answers 500, and the retry is processed', async () => {
			let failures = 1;
			const events: NormalizedEvent[] = [];
			const flaky = Object.assign(events, {
				push: (event: NormalizedEvent): number => {
					if (failures-- > 0) throw new Error('the queue is down');
					return Array.prototype.push.call(events, event);
				},
			});
			const url = await begin(flaky);
			const id = `msg_retry_${name.replace(/\W+/g, '_')}`;
			const body = JSON.stringify({ type: 'invoice.paid', data: { id: 'in_2' } });
			const headers = signed(id, body);
			expect(await post(url, headers, body)).toEqual({
				status: 500,
				body: { code: 'internal_error' },
			});
			expect(await post(url, headers, body)).toEqual({ status: 200, body: { ok: true } });
			expect(events.map((event) => event.id)).toEqual([id]);
		});
	},
);
