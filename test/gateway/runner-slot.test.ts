import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreInUseError } from '../../gateway/store/gateway-store';
import { SqliteStore } from '../../gateway/store/sqlite-store';
import { waitUntil } from './helpers/gateway-fixture';
import { record } from './store-contract/fixtures';
import { sqliteDriver } from '../../gateway/store/sqlite-driver';

// One gateway process relays from a SQLite file. Other processes are stood in for by the
// identity a store attaches with (a pid that exited, another host) or by a row written with a
// plain better-sqlite3 connection, as a process that died would have left it.
jest.setTimeout(30_000);

const dirs: string[] = [];
const stores: SqliteStore[] = [];

function storeFile(): string {
	const dir = mkdtempSync(join(tmpdir(), 'hookbridge-gw-runner-'));
	dirs.push(dir);
	return join(dir, 'gateway.sqlite');
}

function open(file: string): SqliteStore {
	const store = SqliteStore.open(file);
	stores.push(store);
	return store;
}

afterEach(async () => {
	await Promise.all(stores.splice(0).map((store) => store.close()));
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The pid of a process that has just exited: as a gateway killed with SIGKILL leaves it. */
function exitedPid(): number {
	const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
	return Number(child.stdout.toString());
}

/** Ingests one event to zapier and claims its relay with a long lease, as a worker would. */
async function leaveInFlight(store: SqliteStore): Promise<void> {
	await store.ingest(record('evt_1', { receivedAt: Date.now() }));
	expect(await store.claim('zapier', 10, Date.now(), 600_000)).toHaveLength(1);
}

test('attach puts back at once the relays a gateway that no longer exists left in flight', async () => {
	const file = storeFile();
	const crashed = open(file);
	expect(await crashed.attach({ identity: { pid: exitedPid(), host: hostname() } })).toBe(0);
	await leaveInFlight(crashed);

	const next = open(file);
	expect(await next.attach()).toBe(1);
	const claimed = await next.claim('zapier', 10, Date.now(), 60_000);
	expect(claimed.map((r) => [r.eventId, r.attempts])).toEqual([['evt_1', 0]]);
});

test('attach takes over from a gateway on another host once it has been silent for three beats', async () => {
	const file = storeFile();
	await leaveInFlight(open(file));
	const raw = new (sqliteDriver())(file);
	raw
		.prepare(
			"INSERT INTO runner_slot (slot, token, pid, host, beat_at) VALUES (1, 'gone', 4242, ?, ?)",
		)
		.run('another-host', Date.now() - 7000);
	raw.close();

	expect(await open(file).attach({ beatMs: 2000 })).toBe(1);
});

test('attach refuses while another gateway on the file keeps beating, and leaves its relays alone', async () => {
	const file = storeFile();
	const running = open(file);
	await running.attach({ beatMs: 1000, identity: { pid: 4242, host: 'another-host' } });
	await leaveInFlight(running);

	const second = open(file);
	const refused = second.attach({ beatMs: 1000 });
	await expect(refused).rejects.toThrow(StoreInUseError);
	await expect(refused).rejects.toThrow(
		`Another gateway (pid 4242 on another-host) is relaying from ${file}`,
	);
	expect(await second.claim('zapier', 10, Date.now(), 60_000)).toEqual([]);
	expect((await second.status()).destinations.zapier?.inFlight).toBe(1);

	// A clean stop gives the slot up: the next gateway takes it (were the slot still held by a
	// fresh beat, this attach would wait 30 s, past this test's timeout, and then throw).
	await running.close();
	expect(await second.attach({ beatMs: 10_000 })).toBe(1);
});

test('two gateways attaching at the same moment: one takes the file, the other is refused', async () => {
	const file = storeFile();
	const [a, b] = [open(file), open(file)];
	// Both live on this host (this process, and a pid that is alive: our parent).
	const attempts = [
		a.attach({ beatMs: 1000 }),
		b.attach({ beatMs: 1000, identity: { pid: process.ppid, host: hostname() } }),
	];
	const outcomes = await Promise.allSettled(attempts);
	expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
	const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
	expect(refused.reason).toBeInstanceOf(StoreInUseError);
});

test('a gateway whose slot was taken over hears of it at its next beat', async () => {
	const file = storeFile();
	const first = open(file);
	const lost: string[] = [];
	await first.attach({ beatMs: 200, onLost: (why) => lost.push(why) });
	const raw = new (sqliteDriver())(file);
	raw.prepare("UPDATE runner_slot SET token = 'someone-else'").run();
	raw.close();
	await waitUntil('the lost slot to be noticed', () => lost.length > 0, 10_000);
	expect(lost).toEqual(['another gateway took the SQLite file over']);
});
