// The gateway bench's load generator and destination, both in the bench's own process. One
// client for every case: node:http, keep-alive, each delivery a fresh Flowella event signed with
// node:crypto (never hookbridge's signer), so every server, the floor too, gets the same bytes.
import { createHmac } from 'node:crypto';
import { Agent, createServer, request } from 'node:http';
import { setTimeout } from 'node:timers';

export const FLOWELLA_SECRET = 'fl_whsec_0123456789abcdef0123456789abcdef01234567';

/** Distinct signed deliveries (a provider never sends one id twice, so dedupe is not measured). */
export function deliveries(prefix) {
	let n = 0;
	return () => {
		const id = `evt_${prefix}_${n++}`;
		const body = JSON.stringify({
			event: 'message.received',
			timestamp: new Date().toISOString(),
			account_id: 'acc_3f9a1c',
			data: {
				id,
				messageId: 'wamid.HBgLMTQxNTU1NTAxMjMVAgASGBQ',
				conversationId: 'cnv_2207',
				from: '+14155550123',
				contactName: 'Dana Ortiz',
				type: 'text',
				text: 'Hola! Do you deliver on Sundays? I would like the blue jacket in a medium, please.',
				receivedAt: '2026-02-24T20:59:58.000Z',
			},
		});
		const signature = createHmac('sha256', FLOWELLA_SECRET).update(body).digest('hex');
		return { id, body, signature };
	};
}

// A pool per run, destroyed after it: a socket left idle across a phase could be closed by the
// server's keep-alive timeout just as the next phase reuses it (a reset, not a measurement).
const SOCKETS = 64;
const agentFor = () => new Agent({ keepAlive: true, maxSockets: SOCKETS });

/** POSTs one delivery; resolves with its status once the whole answer is read. */
export function post(url, agent, delivery) {
	return new Promise((resolve, reject) => {
		const req = request(
			url,
			{
				method: 'POST',
				agent,
				headers: {
					'content-type': 'application/json',
					'content-length': Buffer.byteLength(delivery.body),
					'x-flowella-signature': delivery.signature,
					'x-flowella-event': 'message.received',
				},
			},
			(res) => {
				res.resume();
				res.on('end', () => resolve(res.statusCode));
			},
		);
		req.on('error', reject);
		req.end(delivery.body);
	});
}

/**
 * Closed loop: `concurrency` deliveries always in flight for about `ms`. Returns acks/s (to the
 * last answer) and the ids acknowledged, so a relay drain knows what to wait for.
 */
export async function closedLoop(url, next, { concurrency, ms }) {
	const agent = agentFor();
	const statuses = new Map();
	const acked = [];
	const started = performance.now();
	const deadline = started + ms;
	let last = started;
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (performance.now() < deadline) {
				const delivery = next();
				const status = await post(url, agent, delivery);
				last = performance.now();
				statuses.set(status, (statuses.get(status) ?? 0) + 1);
				if (status === 200) acked.push(delivery.id);
			}
		}),
	);
	agent.destroy();
	refuseFailures(url, statuses);
	return { perSec: acked.length / ((last - started) / 1000), acked };
}

/**
 * Open loop: deliveries sent on a fixed schedule, `rate` a second for `ms`, whatever the answers
 * do; each latency runs from the scheduled send time, so a stall that delays later sends is
 * counted against them too (no coordinated omission). Returns per id the scheduled and ack times.
 */
export async function openLoop(url, next, { rate, ms }) {
	const agent = agentFor();
	const total = Math.max(1, Math.round((rate * ms) / 1000));
	const start = performance.now() + 20;
	const sent = [];
	const statuses = new Map();
	const record = (id, at) => (status) => {
		statuses.set(status, (statuses.get(status) ?? 0) + 1);
		sent.push({ id, at, ackAt: performance.now() });
	};
	const pending = [];
	let i = 0;
	await new Promise((resolve) => {
		const tick = () => {
			const now = performance.now();
			for (; i < total && start + (i * 1000) / rate <= now; i++) {
				const delivery = next();
				const at = start + (i * 1000) / rate;
				pending.push(post(url, agent, delivery).then(record(delivery.id, at)));
			}
			if (i >= total) return resolve();
			setTimeout(tick, Math.max(0, start + (i * 1000) / rate - performance.now()));
		};
		setTimeout(tick, 20);
	});
	await Promise.all(pending);
	agent.destroy();
	refuseFailures(url, statuses);
	return sent;
}

/** A bench whose deliveries were refused measured nothing: say so instead of printing figures. */
function refuseFailures(url, statuses) {
	const bad = [...statuses].filter(([status]) => status !== 200);
	if (bad.length === 0) return;
	const list = bad.map(([status, n]) => `${n} × ${status}`).join(', ');
	throw new Error(`gateway bench: ${url} answered ${list}`);
}

/**
 * The destination: reads each relay, notes when each event id first arrived (per path, one per
 * gateway), answers 200. The relayed body is the normalised event; its `id` is the event's id.
 */
export async function startDestination() {
	const arrivals = new Map();
	const arrivedAt = (path) => {
		let seen = arrivals.get(path);
		if (!seen) arrivals.set(path, (seen = new Map()));
		return seen;
	};
	const server = createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const at = performance.now();
			const id = /"id":"([^"]+)"/.exec(Buffer.concat(chunks).toString())?.[1];
			const seen = arrivedAt(req.url);
			if (id && !seen.has(id)) seen.set(id, at);
			res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: (path) => `http://127.0.0.1:${server.address().port}${path}`,
		arrived: arrivedAt,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(resolve);
			}),
	};
}
