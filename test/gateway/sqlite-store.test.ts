import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreUnavailableError } from '../../gateway/store/gateway-store';
import { SqliteStore } from '../../gateway/store/sqlite-store';
import { describeStoreContract } from './store-contract';
import { claimOne, IDLE, ok, record, retry, SOURCE, T0 } from './store-contract/fixtures';
import { sqliteDriver } from '../../gateway/store/sqlite-driver';

const dirs: string[] = [];
function tempFile(): string {
	const dir = mkdtempSync(join(tmpdir(), 'hookbridge-gw-'));
	dirs.push(dir);
	return join(dir, 'gateway.sqlite');
}
afterAll(() => {
	for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describeStoreContract('SqliteStore (a file in a temp dir)', async () => {
	const store = SqliteStore.open(tempFile());
	return { store, cleanup: () => store.close() };
});

describe('SqliteStore on disk', () => {
	test('close and reopen keeps events, relays, pauses and counters', async () => {
		const file = tempFile();
		const first = SqliteStore.open(file);
		await first.ingest(record('evt_1', { destinations: ['zapier', 'n8n'] }));
		await first.ingest(record('evt_2'));
		await first.settle(await claimOne(first, 'n8n', T0), ok(T0 + 1));
		const [a, b] = await first.claim('zapier', 2, T0, 60_000);
		if (!a || !b) throw new Error('expected two relays');
		await first.settle(a, retry(T0 + 2, T0 + 5000, 503, null));
		await first.pause('n8n', 'maintenance', T0 + 3);
		await first.countRefused(SOURCE, 'signature_mismatch', 2);
		await first.close();

		const reopened = SqliteStore.open(file);
		expect(await reopened.status()).toEqual({
			sources: { [SOURCE]: { received: 2, duplicates: 0, refused: { signature_mismatch: 2 } } },
			destinations: {
				zapier: { ...IDLE, failing: 1, inFlight: 1, lastError: 'HTTP 503' },
				n8n: { ...IDLE, delivered: 1, paused: true, pausedReason: 'maintenance' },
			},
		});
		expect(await reopened.ingest(record('evt_2'))).toEqual({ duplicate: true });
		const again = await claimOne(reopened, 'zapier', T0 + 5000);
		expect([again.eventId, again.attempts]).toEqual([a.eventId, 1]);
		await reopened.close();
	});

	test('SIGKILL in the middle of a stream of ingests: every acknowledged event is there with its relays', async () => {
		const file = tempFile();
		const acked = await ingestUntilKilled(file, 3000);
		expect(acked.length).toBeGreaterThanOrEqual(3000);

		const integrity = new (sqliteDriver())(file, { readonly: true });
		expect(integrity.pragma('integrity_check', { simple: true })).toBe('ok');
		integrity.close();
		const store = SqliteStore.open(file);
		try {
			for (const destination of ['zapier', 'n8n']) {
				const relays = await store.claim(destination, 1_000_000, Date.now() + 1e9, 60_000);
				const stored = new Set(relays.map((r) => r.eventId));
				expect(acked.filter((id) => !stored.has(id))).toEqual([]);
			}
		} finally {
			await store.close();
		}
	}, 60_000);
});

describe('SqliteStore group commit', () => {
	test('the same event twice in one turn is one new event and one duplicate', async () => {
		const store = SqliteStore.open(tempFile());
		const results = await Promise.all([
			store.ingest(record('evt_1')),
			store.ingest(record('evt_1')),
		]);
		expect(results.map((r) => r.duplicate).sort()).toEqual([false, true]);
		expect((await store.status()).destinations.zapier).toEqual({ ...IDLE, queued: 1 });
		await store.close();
	});

	test('an ingest resolves only once another connection can read the event', async () => {
		const file = tempFile();
		const store = SqliteStore.open(file);
		const reader = new (sqliteDriver())(file, { readonly: true });
		const find = reader.prepare('SELECT COUNT(*) AS n FROM relays WHERE event_id = ?');
		const seen = await Promise.all(
			Array.from({ length: 20 }, (_, i) =>
				store.ingest(record(`evt_${i}`)).then(() => find.get(`evt_${i}`)),
			),
		);
		expect(seen).toEqual(Array.from({ length: 20 }, () => ({ n: 1 })));
		reader.close();
		await store.close();
	});

	test('32 ingests in one turn are one commit: the WAL grows far less than with one commit each', async () => {
		const walGrowth = async (concurrent: boolean): Promise<number> => {
			const file = tempFile();
			const store = SqliteStore.open(file);
			const before = statSync(`${file}-wal`).size;
			const records = Array.from({ length: 32 }, (_, i) => record(`evt_${i}`));
			if (concurrent) await Promise.all(records.map((r) => store.ingest(r)));
			else for (const r of records) await store.ingest(r);
			const growth = statSync(`${file}-wal`).size - before;
			await store.close();
			return growth;
		};
		const oneEach = await walGrowth(false);
		const grouped = await walGrowth(true);
		expect(grouped).toBeLessThan(oneEach / 8);
	});
});

describe('SqliteStore when SQLite fails', () => {
	test('ingest rejects with StoreUnavailableError while another process holds the write lock, and writes nothing', async () => {
		const file = tempFile();
		const store = SqliteStore.open(file, { busyTimeoutMs: 50 });
		const other = new (sqliteDriver())(file);
		other.exec('BEGIN IMMEDIATE');
		const body = '{"secret-looking":"do-not-echo-4f1c"}';
		const refused = store.ingest(record('evt_1', { body, destinations: ['zapier', 'n8n'] }));
		await expect(refused).rejects.toBeInstanceOf(StoreUnavailableError);
		const error = (await refused.catch((e: unknown) => e)) as StoreUnavailableError;
		expect(`${error.message} ${String((error.cause as Error).message)}`).not.toContain('4f1c');
		other.exec('ROLLBACK');
		other.close();

		expect(await store.status()).toEqual({ sources: {}, destinations: {} });
		expect(await store.ingest(record('evt_1'))).toEqual({ duplicate: false });
		await store.close();
	});
	test('an ingest that fails halfway is undone alone: its event is not kept, its batch is', async () => {
		const store = SqliteStore.open(tempFile());
		// A null destination passes the event insert and breaks the relay insert after it.
		const broken = record('evt_broken', { destinations: ['zapier', null as unknown as string] });
		const results = await Promise.allSettled([
			store.ingest(record('evt_before')),
			store.ingest(broken),
			store.ingest(record('evt_after')),
		]);
		expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
		expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(StoreUnavailableError);

		expect((await store.status()).destinations.zapier).toEqual({ ...IDLE, queued: 2 });
		expect(await store.ingest(record('evt_broken'))).toEqual({ duplicate: false });
		await store.close();
	});
});

describe('SqliteStore retention', () => {
	test('a delivered event is forgotten after the retention window; a dead or pending one is kept', async () => {
		const hour = 60 * 60 * 1000;
		const store = SqliteStore.open(tempFile(), { retentionMs: hour });
		const ids = ['evt_delivered', 'evt_dead', 'evt_pending'];
		for (const [i, id] of ids.entries()) await store.ingest(record(id, { receivedAt: T0 + i }));
		await store.ingest(record('evt_nowhere', { destinations: [] }));
		const claimed = await store.claim('zapier', 2, T0 + 10, 60_000);
		expect(claimed.map((r) => r.eventId)).toEqual(['evt_delivered', 'evt_dead']);
		await store.settle(claimed[0]!, ok(T0 + 1));
		await store.settle(claimed[1]!, { kind: 'dead', status: 500, error: null, at: T0 + 1 });
		await store.release(await store.claim('zapier', 10, T0 + 10, 60_000));

		await store.ingest(record('evt_next_hour', { receivedAt: T0 + hour + 1 }));
		const again = async (id: string, destinations = ['zapier']) =>
			(await store.ingest(record(id, { receivedAt: T0 + hour + 2, destinations }))).duplicate;
		expect(await again('evt_delivered')).toBe(false);
		expect(await again('evt_nowhere', [])).toBe(false);
		expect(await again('evt_dead')).toBe(true);
		expect(await again('evt_pending')).toBe(true);
		expect((await store.status()).destinations.zapier).toEqual({
			...IDLE,
			queued: 3,
			delivered: 1,
			dead: 1,
			lastError: 'HTTP 500',
		});
		await store.close();
	});
});

const DIST_STORE = join(__dirname, '..', '..', 'dist', 'gateway', 'store', 'sqlite-store.js');

// Keeps 64 ingests in flight and prints each event id once its ingest has resolved.
const CHILD_SCRIPT = `
const { SqliteStore } = require(${JSON.stringify(DIST_STORE)});
const store = SqliteStore.open(process.argv[1]);
let n = 0;
function next() {
	const eventId = 'evt_' + n++;
	const body = JSON.stringify({ id: eventId, text: 'x'.repeat(1500) });
	store
		.ingest({ source: 'velaflows', eventId, type: 'message.received', body,
			destinations: ['zapier', 'n8n'], receivedAt: Date.now() })
		.then(() => { process.stdout.write(eventId + '\\n'); next(); },
			(error) => { console.error(error); process.exit(1); });
}
for (let i = 0; i < 64; i++) next();
`;

/** Runs the compiled store in a child, SIGKILLs it after `atLeast` acks, returns the acked ids. */
async function ingestUntilKilled(file: string, atLeast: number): Promise<string[]> {
	if (!existsSync(DIST_STORE)) throw new Error(`${DIST_STORE} is missing: run npm run build`);
	const child = spawn(process.execPath, ['-e', CHILD_SCRIPT, file], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let out = '';
	let err = '';
	child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
	child.stdout.on('data', (chunk: Buffer) => {
		out += chunk.toString();
		if (out.split('\n').length > atLeast) child.kill('SIGKILL');
	});
	// A child that stops acknowledging is killed too; the caller then sees too few acks.
	const stalled = setTimeout(() => child.kill('SIGKILL'), 45_000);
	const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
		child.once('exit', (_code, sig) => resolve(sig)),
	);
	clearTimeout(stalled);
	if (signal !== 'SIGKILL') throw new Error(`the child exited by itself: ${err}`);
	// The last line may have been cut by the kill: only whole lines were acknowledged.
	return out.split('\n').slice(0, -1);
}
