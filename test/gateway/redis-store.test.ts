import Redis from 'ioredis';
import {
	StoreUnavailableError,
	type ClaimedRelay,
	type IngestRecord,
} from '../../gateway/store/gateway-store';
import { RedisStore, type RedisStoreOptions } from '../../gateway/store/redis-store';
import { startRedis, type RunningRedis } from '../helpers/redis-server';
import { waitUntil } from './helpers/gateway-fixture';
import { describeStoreContract } from './store-contract';
import { IDLE, record, SOURCE } from './store-contract/fixtures';

// One real redis-server for the file (AOF, fsync on every write); each store gets a prefix of
// its own instead of a server of its own. Sized for a loaded 2-core machine.
jest.setTimeout(60_000);

let redis: RunningRedis;
let admin: Redis;
let prefixes = 0;
// Outage tests make reconnect errors on purpose; they are kept here, not printed.
const outageErrors: Error[] = [];

beforeAll(async () => {
	redis = await startRedis();
	admin = new Redis(redis.url, { lazyConnect: true });
	await admin.connect();
}, 60_000);

afterAll(async () => {
	admin?.disconnect();
	await redis?.stop();
});

function openStore(options: RedisStoreOptions = {}): Promise<RedisStore> {
	return RedisStore.open(redis.url, {
		prefix: `hbtest${++prefixes}`,
		leaseCheckMs: 200,
		onError: (error) => outageErrors.push(error),
		...options,
	});
}

/** Live events, received now: the store's clock is the wall clock. */
function liveRecord(eventId: string, overrides: Partial<IngestRecord> = {}): IngestRecord {
	return record(eventId, { receivedAt: Date.now(), ...overrides });
}

// The shared contract on the wall clock: BullMQ decides what is due by Date.now(), and hands an
// expired lease back only after its stalled check (so nextDueAt leaves leases out).
describeStoreContract(
	'RedisStore (the shared contract, on the wall clock)',
	async () => {
		const store = await openStore();
		return { store, cleanup: () => store.close() };
	},
	{ kind: 'wall', leaseEndIsDue: false },
);

// What the contract cannot say through the interface alone: outages, several instances, keys.
describe('RedisStore on a real redis-server', () => {
	const opened: RedisStore[] = [];
	const open = async (options: RedisStoreOptions = {}) => {
		const store = await openStore(options);
		opened.push(store);
		return store;
	};

	afterEach(async () => {
		await Promise.all(opened.splice(0).map((store) => store.close()));
	});

	test('two instances ingesting the same 100 events at once record exactly 100 as new', async () => {
		const prefix = `hbtest-shared${++prefixes}`;
		const [a, b] = [await open({ prefix }), await open({ prefix })];
		const destinations = ['zapier', 'n8n'];
		const events = Array.from({ length: 100 }, (_, i) => liveRecord(`evt_${i}`, { destinations }));
		const results = await Promise.all(
			events.flatMap((event) => [a.ingest(event), b.ingest(event)]),
		);

		expect(results.filter((r) => !r.duplicate)).toHaveLength(100);
		const status = await b.status();
		expect(status.sources[SOURCE]).toEqual({ received: 100, duplicates: 100, refused: {} });
		expect(status.destinations).toEqual({
			zapier: { ...IDLE, queued: 100 },
			n8n: { ...IDLE, queued: 100 },
		});
		const claimed = [
			...(await a.claim('zapier', 60, Date.now(), 30_000)),
			...(await b.claim('zapier', 60, Date.now(), 30_000)),
		];
		expect(new Set(claimed.map((r) => r.eventId)).size).toBe(100);
		expect(claimed).toHaveLength(100);
	});

	test('kill -9 of redis-server after acknowledged ingests loses none of them', async () => {
		const prefix = `hbtest-crash${++prefixes}`;
		const store = await open({ prefix });
		// Some settled states too: they must come back as they were.
		for (const id of ['evt_done', 'evt_dead', 'evt_retry']) await store.ingest(liveRecord(id));
		const claimed = await claimAll(store, 'zapier', 3);
		await store.settle(pick(claimed, 'evt_done'), ok());
		const dead = { kind: 'dead', status: 400, error: null, at: Date.now() } as const;
		await store.settle(pick(claimed, 'evt_dead'), dead);
		const nextAt = Date.now() + 600_000;
		await store.settle(pick(claimed, 'evt_retry'), {
			kind: 'retry',
			nextAt,
			status: 503,
			error: null,
			at: Date.now(),
		});

		const acked: string[] = [];
		const writer = ingestUntilRefused(store, acked);
		await waitUntil('50 acknowledged ingests', () => acked.length >= 50);
		await redis.kill('SIGKILL');
		await writer;
		await redis.restart();

		const after = await open({ prefix });
		const status = await after.status();
		expect(status.sources[SOURCE]?.received).toBeGreaterThanOrEqual(acked.length + 3);
		expect(status.destinations.zapier).toMatchObject({ delivered: 1, dead: 1, failing: 1 });
		expect(await after.nextDueAt('zapier')).toBeLessThanOrEqual(Date.now());
		const queued = await after.claim('zapier', 1000, Date.now(), 30_000);
		const present = new Set(queued.map((relay) => relay.eventId));
		expect(acked.filter((id) => !present.has(id))).toEqual([]);
		expect(present.has('evt_retry')).toBe(false);
		expect(await after.ingest(liveRecord(acked[0] ?? ''))).toEqual({ duplicate: true });
		// The instance that lived through the crash reconnects on its own.
		await waitUntil('the old instance to reconnect', () =>
			store.ping().then(
				() => true,
				() => false,
			),
		);
	});

	test('ingest while redis-server is down rejects with StoreUnavailableError within 5 s', async () => {
		const store = await open();
		await store.ingest(liveRecord('evt_before'));
		await redis.kill('SIGKILL');
		try {
			const started = Date.now();
			// A destination never seen before too: its queue is created while Redis is down.
			const event = liveRecord('evt_down', { destinations: ['zapier', 'brand-new'] });
			await expect(store.ingest(event)).rejects.toBeInstanceOf(StoreUnavailableError);
			await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
			await expect(openStore()).rejects.toBeInstanceOf(StoreUnavailableError);
			expect(Date.now() - started).toBeLessThan(5000);
		} finally {
			await redis.restart();
		}
		await waitUntil('the store to reconnect', () =>
			store.ping().then(
				() => true,
				() => false,
			),
		);
		expect(await store.ingest(liveRecord('evt_down'))).toEqual({ duplicate: false });
	});

	test('ingest to a redis-server that stopped answering rejects within 5 s, and loses nothing', async () => {
		const store = await open();
		const event = liveRecord('evt_hung');
		redis.process.kill('SIGSTOP');
		try {
			const started = Date.now();
			await Promise.all([
				expect(store.ingest(event)).rejects.toBeInstanceOf(StoreUnavailableError),
				expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError),
			]);
			expect(Date.now() - started).toBeLessThan(5000);
		} finally {
			redis.process.kill('SIGCONT');
		}
		// The refused ingest may still land once the server runs again; with the provider's retry
		// the event is then there once, whichever of the two recorded it.
		await store.ingest(event);
		expect((await store.status()).destinations.zapier).toEqual({ ...IDLE, queued: 1 });
	});

	test('claim and settle to a redis-server that stopped answering reject within 15 s, and the settle lands later', async () => {
		const store = await open();
		await store.ingest(liveRecord('evt_claimed'));
		await store.ingest(liveRecord('evt_waiting'));
		const [claimed] = await store.claim('zapier', 1, Date.now(), 60_000);
		if (!claimed) throw new Error('nothing was claimed');
		// BullMQ's worker connections keep such commands until the server answers: without a
		// deadline a relay worker waited for the whole outage and never reported it.
		redis.process.kill('SIGSTOP');
		try {
			const started = Date.now();
			await Promise.all([
				expect(store.claim('zapier', 1, Date.now(), 60_000)).rejects.toBeInstanceOf(
					StoreUnavailableError,
				),
				expect(store.settle(claimed, ok())).rejects.toBeInstanceOf(StoreUnavailableError),
			]);
			expect(Date.now() - started).toBeLessThan(15_000);
		} finally {
			redis.process.kill('SIGCONT');
		}
		await waitUntil(
			'the late settle to land',
			async () => (await store.status()).destinations.zapier?.delivered === 1,
			10_000,
		);
	});

	test('ingest rejects with StoreUnavailableError when Redis refuses writes (out of memory)', async () => {
		const store = await open();
		await store.ingest(liveRecord('evt_before'));
		await admin.config('SET', 'maxmemory', '1');
		try {
			await expect(store.ingest(liveRecord('evt_oom'))).rejects.toBeInstanceOf(
				StoreUnavailableError,
			);
		} finally {
			await admin.config('SET', 'maxmemory', '0');
		}
		// Refused, so not recorded: the provider's retry is new.
		expect(await store.ingest(liveRecord('evt_oom'))).toEqual({ duplicate: false });
	});

	test('ingest after SCRIPT FLUSH (NOSCRIPT) still works: scripts are sent again', async () => {
		const store = await open();
		await store.ingest(liveRecord('evt_1'));
		await admin.script('FLUSH');
		expect(await store.ingest(liveRecord('evt_2'))).toEqual({ duplicate: false });
		expect(await store.ingest(liveRecord('evt_1'))).toEqual({ duplicate: true });
		expect((await store.status()).destinations.zapier).toEqual({ ...IDLE, queued: 2 });
	});

	test('a relay claimed by an instance that dies is claimable by another after its lease', async () => {
		const prefix = `hbtest-lease${++prefixes}`;
		const [dying, survivor] = [await open({ prefix }), await open({ prefix })];
		await dying.ingest(liveRecord('evt_1'));
		const leaseMs = 1000;
		const [lost] = await dying.claim('zapier', 10, Date.now(), leaseMs);
		const leaseEnd = Date.now() + leaseMs;
		expect(await survivor.claim('zapier', 10, Date.now(), 30_000)).toEqual([]);

		let again: ClaimedRelay[] = [];
		await waitUntil(
			'the relay to come back',
			async () => (again = await survivor.claim('zapier', 10, Date.now(), 30_000)).length > 0,
			20_000,
		);
		expect(Date.now()).toBeGreaterThanOrEqual(leaseEnd);
		expect(again).toEqual([lost]);
		// The first instance's late outcome does not touch the new claim.
		await dying.settle(lost as ClaimedRelay, ok());
		expect((await survivor.status()).destinations.zapier).toEqual({ ...IDLE, inFlight: 1 });
		await survivor.settle(again[0] as ClaimedRelay, ok());
		expect((await survivor.status()).destinations.zapier).toEqual({ ...IDLE, delivered: 1 });
	});

	test('a saved source secret is shared by instances on the prefix, and never in status', async () => {
		const prefix = `hbtest-secret${++prefixes}`;
		const [a, b] = [await open({ prefix }), await open({ prefix })];
		expect(await a.sourceSecret('velaflows')).toBeUndefined();
		await a.saveSourceSecret('velaflows', 'whsec_first');
		await b.saveSourceSecret('velaflows', 'whsec_second');
		expect(await a.sourceSecret('velaflows')).toBe('whsec_second');
		expect(await (await open()).sourceSecret('velaflows')).toBeUndefined();
		expect(JSON.stringify(await a.status())).not.toContain('whsec');
	});

	test('close closes every connection and is idempotent', async () => {
		const before = await clientCount();
		const store = await openStore();
		await store.ingest(liveRecord('evt_1', { destinations: ['zapier', 'n8n'] }));
		await store.claim('zapier', 1, Date.now(), 30_000);
		await store.claim('n8n', 1, Date.now(), 30_000);
		expect(await clientCount()).toBeGreaterThan(before);
		await Promise.all([store.close(), store.close()]);
		await waitUntil('the connections to close', async () => (await clientCount()) <= before);
		await expect(store.claim('zapier', 1, Date.now(), 30_000)).rejects.toBeInstanceOf(
			StoreUnavailableError,
		);
	});
});

async function claimAll(store: RedisStore, destination: string, n: number) {
	const claimed = await store.claim(destination, n, Date.now(), 30_000);
	expect(claimed).toHaveLength(n);
	return claimed;
}

function pick(relays: ReadonlyArray<ClaimedRelay | undefined>, eventId: string): ClaimedRelay {
	const relay = relays.find((r) => r?.eventId === eventId);
	if (!relay) throw new Error(`no relay of ${eventId} was claimed`);
	return relay;
}

/** Ingests batches of ten until one is refused; `acked` gets every acknowledged event id. */
async function ingestUntilRefused(store: RedisStore, acked: string[]): Promise<void> {
	for (let batch = 0; ; batch++) {
		const ids = Array.from({ length: 10 }, (_, i) => `evt_${batch}_${i}`);
		const results = await Promise.allSettled(
			ids.map(async (id) => {
				await store.ingest(liveRecord(id));
				acked.push(id);
			}),
		);
		if (results.some((r) => r.status === 'rejected')) return;
	}
}

async function clientCount(): Promise<number> {
	const list = await admin.client('LIST');
	return String(list).trim().split('\n').length;
}

function ok() {
	return { kind: 'delivered', status: 200, error: null, at: Date.now() } as const;
}
