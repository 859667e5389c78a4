// npm run bench [-- --quick]: receive, delivery and gateway speed as ratios to floors measured
// in the same run, and footprint. Prints tables, writes bench/results.json. --quick (CI) checks
// that the benchmark works, not how fast the machine is.
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { deliveryBench } from './delivery.mjs';
import { footprintBench } from './footprint.mjs';
import { gatewayBench } from './gateway.mjs';
import { gatewayTargets, printGateway } from './gateway-report.mjs';
import { fmt } from './measure.mjs';
import { receiveBench } from './receive.mjs';

const quick = process.argv.includes('--quick');
const started = performance.now();
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
console.log(`hookbridge bench${quick ? ' (quick)' : ''} on ${machine}\n`);

const receive = await receiveBench({ quick });
console.log('Receive (ops/s, median of rounds; min–max)');
console.log(
	'| size | case | ops/s | min–max | × floor | × svix | cost × matching |\n| --- | --- | ---: | ---: | ---: | ---: | ---: |',
);
for (const r of receive)
	console.log(
		`| ${r.size} | ${r.case} | ${fmt(r.opsPerSec)} | ${fmt(r.min)}–${fmt(r.max)} | ${r.vsFloor.toFixed(2)} | ${r.vsSvix.toFixed(2)} | ${(1 / r.vsMatching).toFixed(2)} |`,
	);

const delivery = await deliveryBench({ quick });
console.log('\nDelivery (reference provider → loopback receiver)');
console.log(`| measure | value |\n| --- | ---: |`);
console.log(`| floor: plain loopback POSTs, 1 client, 64 in flight | ${fmt(delivery.floor)} /s |`);
console.log(
	`| drain: durable deliveries from the outbox (outcome committed) | ${fmt(delivery.drain)} /s (${delivery.ratio.toFixed(2)} × floor) |`,
);
console.log(
	`| end to end: each event committed on emit, then delivered | ${fmt(delivery.saturation)} /s (${delivery.ratioEndToEnd.toFixed(2)} × floor) |`,
);
console.log(
	`| latency emit → received at ${delivery.offeredRate}/s offered | p50 ${fmt(delivery.p50, 1)} ms, p99 ${fmt(delivery.p99, 1)} ms |`,
);
for (const [part, micros] of Object.entries(delivery.breakdownMicros))
	console.log(`| where the time goes: ${part} | ${fmt(micros, 1)} µs |`);

const gateway = await gatewayBench({ quick });
printGateway(gateway);

const footprint = await footprintBench({ quick });
console.log('\nFootprint');
console.log(JSON.stringify(footprint, null, 1));

const at = (size, name) => receive.find((r) => r.size === size && r.case === name);
/** Cost per delivery of off-catalog data over catalog data (time ratio, so 1 / ops ratio). */
const offCatalogCost = (size) => {
	const row = at(size, 'hookbridge receive() (velaflows, off-catalog data)');
	return row === undefined ? undefined : 1 / row.vsMatching;
};
const targets = [
	['verify only ≥ 0.95 × floor, 1 KB', at('1 KB', 'hookbridge verify only')?.vsFloor, 0.95],
	['verify only ≥ 0.95 × floor, 64 KB', at('64 KB', 'hookbridge verify only')?.vsFloor, 0.95],
	[
		'full receive, catalog data ≥ 0.75 × floor, 1 KB',
		at('1 KB', 'hookbridge receive() (velaflows)')?.vsFloor,
		0.75,
	],
	[
		'full receive, catalog data ≥ 0.95 × floor, 64 KB',
		at('64 KB', 'hookbridge receive() (velaflows)')?.vsFloor,
		0.95,
	],
	...['1 KB', '64 KB'].map((size) => [
		`off-catalog data costs ≤ 1.3 × catalog data, ${size}`,
		offCatalogCost(size) === undefined ? undefined : 1.3 - offCatalogCost(size),
		0,
	]),
	[
		'full receive ≥ 2.5 × svix verify, 1 KB',
		at('1 KB', 'hookbridge receive() (standard-webhooks)')?.vsSvix,
		2.5,
	],
	[
		'full receive ≥ 2.5 × svix verify, 64 KB',
		at('64 KB', 'hookbridge receive() (standard-webhooks)')?.vsSvix,
		2.5,
	],
	['provider ≥ 0.40 × loopback POST floor (drain)', delivery.ratio, 0.4],
	['provider ≥ 1,500 durable deliveries/s (drain)', delivery.drain, 1500],
	...gatewayTargets(gateway),
	[
		"Zapier app adds ≤ 50 ms to core's load",
		footprint.zapier.appAddsMs === undefined ? undefined : 50 - footprint.zapier.appAddsMs,
		0,
	],
	[
		'Zapier first perform ≤ 20 ms',
		footprint.zapier.firstPerformMs === undefined
			? undefined
			: 20 - footprint.zapier.firstPerformMs,
		0,
	],
	[
		'@hookbridge/core: 1 runtime dependency (zod)',
		footprint.core.dependencies === undefined ? undefined : 1 - footprint.core.dependencies,
		0,
	],
	[
		'n8n tarball: 0 dependencies',
		footprint.n8n.dependencies === undefined ? undefined : -footprint.n8n.dependencies,
		0,
	],
];
console.log('\nTargets');
for (const [name, value, min] of targets)
	console.log(
		`${value === undefined ? '–  not measured' : value >= min ? '✔  met' : '✖  missed'}  ${name}`,
	);
writeFileSync(
	new URL('./results.json', import.meta.url),
	`${JSON.stringify({ machine, quick, date: new Date().toISOString(), receive, delivery, gateway, footprint }, null, 1)}\n`,
);
console.log(
	`\nbench done in ${((performance.now() - started) / 1000).toFixed(0)} s; results in bench/results.json`,
);
