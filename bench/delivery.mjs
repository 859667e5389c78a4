// Delivery speed of the reference provider (durable outbox → signed HTTP POST) to a minimal
// loopback receiver, against the floor of plain loopback POSTs to the same receiver.
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile } from './measure.mjs';

const require = createRequire(import.meta.url);
const { startProvider } = require('../dist/provider/start-provider.js');
const { emitEvent } = require('../dist/provider/emit-event.js');
const { buildDelivery } = require('../dist/shared/index.js');
const { profiles } = require('../dist/shared/index.js');

/** A receiver that reads each body, notes when each event id arrived, and answers 200. */
async function startReceiver() {
	const arrivals = new Map();
	let count = 0;
	const server = createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			count += 1;
			const body = Buffer.concat(chunks).toString();
			const id = /"eventId":"([^"]+)"/.exec(body)?.[1];
			if (id && !arrivals.has(id)) arrivals.set(id, performance.now());
			res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}/hook`,
		arrivals,
		get count() {
			return count;
		},
		close: () =>
			new Promise((r) => {
				server.closeAllConnections();
				server.close(r);
			}),
	};
}

/** The floor: one client, keep-alive, `concurrency` POSTs in flight, same body size. */
async function floor(url, total, concurrency, body) {
	const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
	const target = new URL(url);
	const post = () =>
		new Promise((resolve, reject) => {
			const req = request(
				{
					hostname: target.hostname,
					port: target.port,
					path: target.pathname,
					method: 'POST',
					agent,
					headers: {
						'content-type': 'application/json',
						'content-length': Buffer.byteLength(body),
					},
				},
				(res) => {
					res.resume();
					res.on('end', resolve);
				},
			);
			req.on('error', reject);
			req.end(body);
		});
	let sent = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (sent < total) {
				sent += 1;
				await post();
			}
		}),
	);
	agent.destroy();
	return total / ((performance.now() - started) / 1000);
}

async function waitFor(predicate, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	while (!predicate()) {
		if (Date.now() > deadline) throw new Error('delivery bench: deliveries did not all arrive');
		await new Promise((r) => setTimeout(r, 5));
	}
}

export async function deliveryBench({ quick = false } = {}) {
	const total = quick ? 300 : 5000;
	const rate = quick ? 200 : 800;
	const seconds = quick ? 1 : 3;
	const dir = mkdtempSync(join(tmpdir(), 'hookbridge-bench-'));
	const receiver = await startReceiver();
	const provider = await startProvider({
		port: 0,
		dataFile: join(dir, 'bench.sqlite'),
		allowLoopback: true,
		concurrency: 64,
	});
	const { context } = provider;
	try {
		const account = context.accounts.create('velaflows', 'default', {
			id: 'ws_bench',
			keyPrefix: 'vf_live_',
		});
		context.webhooks.create({
			id: 'b'.repeat(24),
			provider: 'velaflows',
			accountId: account.id,
			url: receiver.url,
			events: ['inbox.message.received'],
			secret: 'whsec_bench',
			active: true,
		});
		const data = {
			messageId: 'msg_1',
			conversationId: 'conv_81',
			channel: 'whatsapp',
			from: '+14155550123',
			text: 'Hi, is the blue jacket still in stock?',
			receivedAt: '2026-02-24T20:59:58.000Z',
		};
		const emitted = new Map();
		const emit = () => {
			const t = performance.now();
			const { eventId } = emitEvent(context, {
				provider: 'velaflows',
				accountId: account.id,
				type: 'inbox.message.received',
				data,
			});
			emitted.set(eventId, t);
		};
		// Straight into the durable outbox for a webhook that is parked (inactive), so nothing is
		// claimed until it is re-enabled: emitEvent itself fans out to active webhooks only.
		let parkedN = 0;
		const emitParked = (hook) =>
			context.outbox.emit(
				{
					id: `evt_parked_${parkedN++}`,
					provider: 'velaflows',
					accountId: account.id,
					type: 'inbox.message.received',
					data,
					test: false,
					occurredAt: new Date().toISOString(),
				},
				[hook],
				Date.now(),
			);

		// Saturation, end to end: every event emitted at once (each its own committed
		// transaction, as the admin API does), then delivered.
		const start = performance.now();
		for (let i = 0; i < total; i++) emit();
		await waitFor(() => receiver.arrivals.size >= total, 120_000);
		const saturation = total / ((Math.max(...receiver.arrivals.values()) - start) / 1000);

		// Saturation, drain: the outbox already holds the deliveries (webhook parked while they
		// are emitted); measured from re-enabling to the last arrival.
		receiver.arrivals.clear();
		const hook = context.webhooks.list('velaflows', account.id)[0];
		context.webhooks.save({ ...hook, active: false, disabledReason: 'user' });
		for (let i = 0; i < total; i++) emitParked(hook);
		const drainStart = performance.now();
		context.webhooks.save({ ...hook, active: true });
		context.dispatcher.wake();
		await waitFor(() => receiver.arrivals.size >= total, 120_000);
		const drain = total / ((Math.max(...receiver.arrivals.values()) - drainStart) / 1000);

		// A fixed offered rate: latency from emit to arrival.
		receiver.arrivals.clear();
		emitted.clear();
		const perTick = Math.max(1, Math.round(rate / 100));
		const ticks = seconds * 100;
		for (let tick = 0; tick < ticks; tick++) {
			for (let i = 0; i < perTick; i++) emit();
			await new Promise((r) => setTimeout(r, 10));
		}
		await waitFor(() => receiver.arrivals.size >= emitted.size, 60_000);
		const latencies = [...emitted]
			.map(([id, t]) => receiver.arrivals.get(id) - t)
			.sort((a, b) => a - b);

		// Where the time goes, per delivery, measured one part at a time.
		const profile = profiles.velaflows;
		const n = quick ? 200 : 2000;
		let t = performance.now();
		for (let i = 0; i < n; i++)
			buildDelivery(
				profile,
				{
					eventId: `e${i}`,
					deliveryId: `d${i}`,
					type: 'inbox.message.received',
					data,
					accountId: 'ws',
					occurredAt: new Date().toISOString(),
				},
				{ secret: 'whsec_bench', timestamp: 1 },
			);
		const signMicros = ((performance.now() - t) * 1000) / n;
		const webhook = context.webhooks.list('velaflows', account.id)[0];
		context.webhooks.save({ ...webhook, active: false, disabledReason: 'user' }); // park the dispatcher
		t = performance.now();
		for (let i = 0; i < n; i++) emitParked(webhook);
		const emitMicros = ((performance.now() - t) * 1000) / n;
		await provider.context.dispatcher.stop();
		context.webhooks.save({ ...webhook, active: true });
		t = performance.now();
		const claimed = context.outbox.claimDue(Date.now(), n, 60_000);
		const claimMicros = ((performance.now() - t) * 1000) / Math.max(1, claimed.length);
		t = performance.now();
		// As the dispatcher does: outcomes gathered in a turn share one commit (64 here).
		for (let i = 0; i < claimed.length; i += 64) {
			context.outbox.recordMany(
				claimed.slice(i, i + 64).map((delivery) => ({
					delivery,
					result: { statusCode: 200, responseBody: 'ok', error: null, durationMs: 1 },
					plan: { ok: true, retryAt: null, disableNow: false, autoDisableAfter: null },
					nowMs: Date.now(),
				})),
			);
		}
		const recordMicros = ((performance.now() - t) * 1000) / Math.max(1, claimed.length);

		const body = JSON.stringify({
			eventId: 'evt_floor',
			eventType: 'inbox.message.received',
			workspaceId: account.id,
			timestamp: new Date().toISOString(),
			data,
		});
		const floorRate = await floor(receiver.url, quick ? 300 : total, 64, body);
		return {
			deliveries: total,
			saturation,
			drain,
			floor: floorRate,
			ratio: drain / floorRate,
			ratioEndToEnd: saturation / floorRate,
			claimed: claimed.length,
			offeredRate: perTick * 100,
			p50: percentile(latencies, 50),
			p99: percentile(latencies, 99),
			breakdownMicros: {
				'SQLite: emit (event + delivery, one commit)': emitMicros,
				'SQLite: claim (batched)': claimMicros,
				'SQLite: record attempt (64 per commit)': recordMicros,
				'signing + envelope (buildDelivery)': signMicros,
				'HTTP POST (floor, per request)': 1e6 / floorRate,
			},
		};
	} finally {
		await provider.close();
		await receiver.close();
		rmSync(dir, { recursive: true, force: true });
	}
}
