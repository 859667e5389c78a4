// Prints what gateway.mjs measured, and its targets in the form run.mjs checks: [name, value,
// min], met when value ≥ min (a ceiling is written as ceiling − value ≥ 0).
import { fmt } from './measure.mjs';

const LABELS = {
	floor: 'loopback POST floor (node:http: reads the body, answers 200)',
	listen: 'hookbridge listen (verify only, not durable)',
	sqlite: 'gateway, SQLite (verify + durable enqueue + ack)',
	redis: 'gateway, Redis/BullMQ (verify + durable enqueue + ack)',
};
const STORE = { sqlite: 'SQLite', redis: 'Redis' };
const ms = (n) => `${fmt(n, 1)} ms`;

export function printGateway(gateway) {
	console.log(
		`\nGateway ingest (acks/s, closed loop, ${gateway.inFlight} in flight, keep-alive; median of rounds; min–max)`,
	);
	console.log(
		'| case | acks/s | min–max | × POST floor | × listen |\n| --- | ---: | ---: | ---: | ---: |',
	);
	for (const r of gateway.ingest)
		console.log(
			`| ${LABELS[r.case]} | ${fmt(r.perSec)} | ${fmt(r.min)}–${fmt(r.max)} | ${r.vsFloor.toFixed(2)} | ${r.vsListen.toFixed(2)} |`,
		);
	console.log('\nGateway relay and latency (open loop: latency from each scheduled send time)');
	console.log('| measure | value |\n| --- | ---: |');
	for (const r of gateway.drain)
		console.log(
			`| relay drain, ${STORE[r.case]}: ${fmt(r.events)} queued events → loopback destination | ${fmt(r.perSec)} /s (${r.vsFloor.toFixed(2)} × POST floor) |`,
		);
	for (const r of gateway.ack) {
		const what = r.case in STORE ? `gateway ${STORE[r.case]}, relays ${r.relays}` : r.case;
		console.log(
			`| ack at ${fmt(r.rate)}/s offered: ${what} | p50 ${ms(r.ack.p50)}, p99 ${ms(r.ack.p99)}, max ${ms(r.ack.max)} |`,
		);
	}
	for (const r of [...gateway.ack, ...gateway.relay].filter((row) => row.ackToDestination)) {
		const d = r.ackToDestination;
		console.log(
			`| ack → destination at ${fmt(r.rate)}/s offered: ${STORE[r.case]} | p50 ${ms(d.p50)}, p95 ${ms(d.p95)}, p99 ${ms(d.p99)}; send → destination p95 ${ms(r.sendToDestination.p95)} |`,
		);
	}
	for (const note of gateway.notes) console.log(`\n${note}`);
}

export function gatewayTargets(gateway) {
	const ingest = gateway.ingest.find((r) => r.case === 'sqlite');
	const ack = (store, relays) =>
		gateway.ack.find((r) => r.case === store && r.relays === relays)?.ack.p99;
	const relay = (store) => gateway.relay.find((r) => r.case === store)?.ackToDestination.p95;
	const under = (ceiling, value) => (value === undefined ? undefined : ceiling - value);
	return [
		['gateway SQLite ingest ≥ 2,000/s (64 in flight)', ingest?.perSec, 2000],
		['gateway SQLite ingest ≥ 0.30 × loopback POST floor', ingest?.vsFloor, 0.3],
		[
			'gateway SQLite p99 ack ≤ 10 ms at 1,000/s offered (relays live)',
			under(10, ack('sqlite', 'live')),
			0,
		],
		[
			'gateway SQLite p99 ack ≤ 10 ms at 1,000/s offered (relays held)',
			under(10, ack('sqlite', 'held')),
			0,
		],
		[
			'gateway Redis p99 ack ≤ 10 ms at 1,000/s offered (relays live)',
			under(10, ack('redis', 'live')),
			0,
		],
		[
			'gateway SQLite ack → destination p95 ≤ 50 ms at 200/s (Convoy: 124 ms)',
			under(50, relay('sqlite')),
			0,
		],
		['gateway Redis ack → destination p95 ≤ 50 ms at 200/s', under(50, relay('redis')), 0],
	];
}
