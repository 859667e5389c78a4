// npm run test:reliability: runs test/reliability/ (real servers, loopback only) and prints one
// summary table from the rows each suite records. Exits non-zero when a suite fails or when any
// of the zero columns (accepted forgeries, lost events, cross-account successes, secret
// occurrences) is not zero.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const summary = join(tmpdir(), `hookbridge-reliability-${process.pid}.jsonl`);
rmSync(summary, { force: true });
const started = performance.now();
const jest = spawnSync(
	process.execPath,
	[
		join('node_modules', 'jest', 'bin', 'jest.js'),
		'--config',
		'jest.reliability.config.js',
		'--runInBand',
		...process.argv.slice(2),
	],
	{ stdio: 'inherit', env: { ...process.env, HOOKBRIDGE_RELIABILITY_SUMMARY: summary } },
);
const rows = existsSync(summary)
	? readFileSync(summary, 'utf8')
			.split('\n')
			.filter(Boolean)
			.map((line) => JSON.parse(line))
	: [];
rmSync(summary, { force: true });

const zeroColumns = [
	'acceptedForgeries',
	'eventsLost',
	'crossAccountSuccesses',
	'secretOccurrences',
];
const cell = (value) => (value === undefined ? '–' : String(value));
const lines = [
	'| suite | tried | accepted forgeries | events lost | cross-account successes | secret occurrences | p99 | note |',
	'| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
	...rows.map(
		(r) =>
			`| ${r.suite} | ${r.tried.toLocaleString('en-US')} | ${cell(r.acceptedForgeries)} | ${cell(r.eventsLost)} | ${cell(r.crossAccountSuccesses)} | ${cell(r.secretOccurrences)} | ${r.p99Ms === undefined ? '–' : `${r.p99Ms.toFixed(1)} ms`} | ${r.note ?? ''} |`,
	),
];
const total = (key) => rows.reduce((sum, r) => sum + (r[key] ?? 0), 0);
lines.push(
	`| **total** | ${total('tried').toLocaleString('en-US')} | ${total('acceptedForgeries')} | ${total('eventsLost')} | ${total('crossAccountSuccesses')} | ${total('secretOccurrences')} | | |`,
);
console.log(`\nReliability summary (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
console.log(lines.join('\n'));
const broken = zeroColumns.filter((key) => total(key) !== 0);
if (broken.length > 0) console.error(`\nNot zero: ${broken.join(', ')}`);
process.exit(jest.status !== 0 || broken.length > 0 || rows.length === 0 ? 1 : 0);
