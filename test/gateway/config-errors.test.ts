import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { hookbridge } from '../cli/helpers/cli-process';
import { RELAY_SECRET, startGatewayProcess, tempDir, writeConfig } from './helpers/gateway-fixture';
import { FLOWELLA_SECRET } from './helpers/sender';

// Test 6 of the gateway issue: each config error is a clear message and exit 2, and nothing
// starts (no listening line, no store file created).
const dir = tempDir();
const storeFile = join(dir, 'gateway.sqlite');
const source = { id: 'wa', provider: 'flowella', secrets: [FLOWELLA_SECRET] };
const destination = { id: 'make', url: 'https://hook.eu1.make.com/abc', secret: RELAY_SECRET };
const base = { store: `sqlite:${storeFile}`, listen: { host: '127.0.0.1', port: 0 } };

const cases: Array<[string, string | unknown, RegExp]> = [
	[
		'a missing file',
		join(dir, 'absent.yaml'),
		/config_not_found: no config file at .*absent\.yaml/,
	],
	[
		'an unknown provider',
		{ ...base, sources: [{ ...source, provider: 'flowela' }], destinations: [destination] },
		/sources\[0\]\.provider: .*"flowela".*flowella/,
	],
	[
		'a source with no secret',
		{ ...base, sources: [{ id: 'wa', provider: 'flowella' }], destinations: [destination] },
		/sources\[0\].*secret/,
	],
	[
		'a destination URL that is not HTTPS',
		{
			...base,
			sources: [source],
			destinations: [{ ...destination, url: 'http://hook.eu1.make.com/abc' }],
		},
		/destinations\[0\]\.url: .*https/,
	],
	[
		'a loopback http destination without allowLoopback',
		{ ...base, sources: [source], destinations: [{ ...destination, url: 'http://127.0.0.1:9/x' }] },
		/destinations\[0\]\.url: .*allowLoopback/,
	],
];

test.each(cases)(
	'%s: a clear message, exit 2, nothing started',
	async (_name, config, message) => {
		const file = typeof config === 'string' ? config : writeConfig(dir, config, 'bad.json');
		const run = await hookbridge(['gateway', '--config', file]);
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(message);
		expect(run.stdout).not.toContain('gateway.started');
		expect(existsSync(storeFile)).toBe(false);
		// The secrets of the file are never repeated in the message.
		expect(run.stderr).not.toContain(FLOWELLA_SECRET);
		expect(run.stderr).not.toContain(RELAY_SECRET);
	},
	60_000,
);

// Not a config error but the same promise: a second gateway on a SQLite file another gateway
// relays from would hand out that one's relays, so it stops before listening, exit 2.
test('a second gateway on the same SQLite file: store_in_use, exit 2, the first keeps running', async () => {
	const config = {
		...base,
		store: `sqlite:${join(dir, 'busy.sqlite')}`,
		allowLoopback: true,
		sources: [source],
		destinations: [{ ...destination, url: 'http://127.0.0.1:9/relay' }],
	};
	const file = writeConfig(dir, config, 'busy.json');
	const first = await startGatewayProcess(file);
	try {
		const second = await hookbridge(['gateway', '--config', file]);
		expect(second.code).toBe(2);
		expect(second.stderr).toMatch(
			/store_in_use: Another gateway \(pid \d+ on .+\) is relaying from .*busy\.sqlite/,
		);
		expect(second.stdout).not.toContain('gateway.started');
		expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
	} finally {
		await first.process.stop();
	}
}, 60_000);

// A port already taken: the gateway says so and exits, rather than relay with no way in (its
// workers were made before the listen failed, and must not keep the process alive).
test('a listen port already taken: the gateway exits 1 with EADDRINUSE and relays nothing', async () => {
	const taken = createServer();
	await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
	const { port } = taken.address() as AddressInfo;
	const config = {
		...base,
		store: `sqlite:${join(dir, 'taken.sqlite')}`,
		listen: { host: '127.0.0.1', port },
		allowLoopback: true,
		sources: [source],
		destinations: [{ ...destination, url: 'http://127.0.0.1:9/relay' }],
	};
	try {
		const run = await hookbridge(['gateway', '--config', writeConfig(dir, config, 'taken.json')]);
		expect(run.code).toBe(1);
		expect(run.stderr).toContain('EADDRINUSE');
		expect(run.stdout).not.toContain('gateway.started');
	} finally {
		await new Promise((resolve) => taken.close(resolve));
	}
}, 60_000);
