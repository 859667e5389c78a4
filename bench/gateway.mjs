// `hookbridge gateway` under load: ingest (verify + durable enqueue + ack) against a plain
// loopback POST floor and `listen` measured in the same run, ack latency at a fixed offered rate,
// relay drain, and ack → destination latency. Process layout: this process is the load generator
// and the destination; the floor, listen and each gateway run in a child of their own (one
// script, the same fork options), and Redis in another, so no server shares the client's loop.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Children } from './children.mjs';
import { closedLoop, deliveries, FLOWELLA_SECRET, openLoop, startDestination } from './load.mjs';
import { percentile } from './measure.mjs';

const RELAY_SECRET = `whsec_${Buffer.alloc(32, 'b').toString('base64')}`;
const IN_FLIGHT = 64;
const ACK_RATE = 1000;
const RELAY_RATE = 200;

// Quick (CI) only proves every phase runs: a few hundred deliveries each, about 10 s in all.
const plans = {
	quick: { rounds: 1, roundMs: 300, warmupMs: 200, ackMs: 300, relayMs: 500 },
	full: { rounds: 5, roundMs: 2000, warmupMs: 1000, ackMs: 10_000, relayMs: 15_000 },
};

export async function gatewayBench({ quick = false } = {}) {
	const plan = plans[quick ? 'quick' : 'full'];
	const dir = mkdtempSync(join(tmpdir(), 'hookbridge-bench-gw-'));
	const children = new Children();
	const destination = await startDestination();
	try {
		const { servers, notes } = await startServers(children, dir, destination);
		const gateways = ['sqlite', 'redis'].filter((name) => servers[name]);
		const run = {
			servers,
			gateways,
			destination,
			plan,
			next: Object.fromEntries(Object.keys(servers).map((name) => [name, deliveries(name)])),
			// Per gateway, how many events it acknowledged while its relays were held.
			held: Object.fromEntries(gateways.map((name) => [name, 0])),
		};
		const ingest = await ingestRounds(run);
		// Ack latency first with relays still held (ingest alone), then, after the drain, with
		// them live: the production case, where every ack shares the gateway with its relays.
		const ack = await heldAckLatency(run);
		const floor = ingest.find((r) => r.case === 'floor').perSec;
		const drain = [];
		for (const name of gateways) drain.push(await relayDrain(run, name, floor));
		ack.push(...(await liveLatency(run, ACK_RATE, plan.ackMs)));
		const relay = await liveLatency(run, RELAY_RATE, plan.relayMs);
		return { inFlight: IN_FLIGHT, ingest, drain, ack, relay, notes };
	} finally {
		await children.stopAll();
		await destination.close();
		rmSync(dir, { recursive: true, force: true });
	}
}

/** Every server at once, idle until its turn; Redis is optional (its rows say why not). */
async function startServers(children, dir, destination) {
	const notes = [];
	const sqliteConfig = config(dir, 'sqlite', `sqlite:${join(dir, 'gateway.sqlite')}`, destination);
	const servers = {
		floor: await children.server('floor'),
		listen: await children.server('listen', FLOWELLA_SECRET),
		sqlite: await children.server('gateway', sqliteConfig),
	};
	try {
		const redis = await children.redis(dir);
		servers.redis = await children.server('gateway', config(dir, 'redis', redis.url, destination));
	} catch (error) {
		notes.push(`Redis rows not measured: ${error.message.split('\n')[0]}`);
	}
	return { servers, notes };
}

/**
 * Closed loop, 64 in flight, rounds interleaved across servers (round 1 of each, then round 2,
 * ...) so a burst from another process on this shared machine lands on every case alike.
 */
async function ingestRounds({ servers, next, held, plan }) {
	const names = Object.keys(servers);
	const round = async (name, ms) => {
		const result = await closedLoop(servers[name].url, next[name], { concurrency: IN_FLIGHT, ms });
		if (name in held) held[name] += result.acked.length;
		return result.perSec;
	};
	for (const name of names) await round(name, plan.warmupMs);
	const samples = Object.fromEntries(names.map((name) => [name, []]));
	for (let r = 0; r < plan.rounds; r++)
		for (const name of names) samples[name].push(await round(name, plan.roundMs));
	const median = (name) => percentile(sorted(samples[name]), 50);
	return names.map((name) => ({
		case: name,
		perSec: median(name),
		min: Math.min(...samples[name]),
		max: Math.max(...samples[name]),
		vsFloor: median(name) / median('floor'),
		vsListen: median(name) / median('listen'),
	}));
}

async function heldAckLatency({ servers, next, held, plan }) {
	const rows = [];
	for (const name of Object.keys(servers)) {
		const { sent, ...row } = await ackLatency(servers[name].url, next[name], ACK_RATE, plan.ackMs);
		if (name in held) held[name] += sent.length;
		rows.push({ case: name, ...row, ...(name in held ? { relays: 'held' } : {}) });
	}
	return rows;
}

/** Timed from the first relay that arrives to the last: the paused worker's wake-up is not. */
async function relayDrain({ servers, destination, held }, name, floor) {
	const arrived = destination.arrived(`/${name}`);
	await servers[name].resume();
	await waitFor(() => arrived.size >= held[name], `${held[name]} relays from ${name}`, arrived);
	const times = [...arrived.values()];
	const perSec = (times.length - 1) / ((Math.max(...times) - Math.min(...times)) / 1000);
	return { case: name, events: times.length, perSec, vsFloor: perSec / floor };
}

/**
 * Relays live: ack latency, then, for every event, from the ack the client got to the relay's
 * arrival (one clock: both happen in this process), and from the scheduled send, which counts
 * the ack's own time too.
 */
async function liveLatency({ servers, next, gateways, destination }, rate, ms) {
	const rows = [];
	for (const name of gateways) {
		const { sent, ...row } = await ackLatency(servers[name].url, next[name], rate, ms);
		const arrived = destination.arrived(`/${name}`);
		await waitFor(() => sent.every((s) => arrived.has(s.id)), `relays from ${name}`, arrived);
		rows.push({
			case: name,
			...row,
			relays: 'live',
			ackToDestination: stats(sorted(sent.map((s) => arrived.get(s.id) - s.ackAt))),
			sendToDestination: stats(sorted(sent.map((s) => arrived.get(s.id) - s.at))),
		});
	}
	return rows;
}

/** Open loop at `rate` for `ms`: ack latency from each scheduled send time. */
async function ackLatency(url, next, rate, ms) {
	const sent = await openLoop(url, next, { rate, ms });
	return { rate, n: sent.length, ack: stats(sorted(sent.map((s) => s.ackAt - s.at))), sent };
}

function config(dir, name, store, destination) {
	const file = join(dir, `${name}.json`);
	const gateway = {
		store,
		listen: { host: '127.0.0.1', port: 0 },
		allowLoopback: true,
		sources: [{ id: 'wa', provider: 'flowella', secrets: [FLOWELLA_SECRET] }],
		// As many relays in flight as the floor's client keeps POSTs (the default is 8).
		destinations: [
			{ id: 'zap', url: destination.url(`/${name}`), secret: RELAY_SECRET, concurrency: IN_FLIGHT },
		],
	};
	writeFileSync(file, JSON.stringify(gateway));
	return file;
}

const sorted = (values) => [...values].sort((a, b) => a - b);
const stats = (s) => ({
	p50: percentile(s, 50),
	p95: percentile(s, 95),
	p99: percentile(s, 99),
	max: s[s.length - 1],
});

async function waitFor(done, what, arrived) {
	const deadline = Date.now() + 300_000;
	while (!done()) {
		if (Date.now() > deadline)
			throw new Error(`gateway bench: timed out waiting for ${what} (${arrived.size} arrived)`);
		await sleep(20);
	}
}
