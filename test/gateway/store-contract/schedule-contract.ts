import {
	claimDue,
	destinationStatus,
	expectDueBy,
	IDLE,
	LEASE_MS,
	ok,
	record,
	retry,
	T0,
	type StoreContext,
} from './fixtures';

export function scheduleContract(ctx: StoreContext): void {
	test('nextDueAt is undefined for a destination with nothing pending', async () => {
		expect(await ctx.store.nextDueAt('zapier')).toBeUndefined();
		await ctx.store.ingest(record('evt_1'));
		await ctx.store.settle(await claimDue(ctx, 'zapier', T0), ok(T0 + 1));
		expect(await ctx.store.nextDueAt('zapier')).toBeUndefined();
	});

	test('nextDueAt is the earliest nextAt of the destination pending relays', async () => {
		await ctx.store.ingest(record('evt_2', { receivedAt: T0 + 2000 }));
		await ctx.store.ingest(record('evt_1', { receivedAt: T0 + 1000 }));
		await ctx.store.ingest(record('evt_0', { receivedAt: T0, destinations: ['n8n'] }));
		expect(await ctx.store.nextDueAt('zapier')).toBe(T0 + 1000);

		const first = await claimDue(ctx, 'zapier', T0 + 1500);
		await ctx.store.settle(first, retry(T0 + 1600, T0 + 90_000, 500, null));
		expect(await ctx.store.nextDueAt('zapier')).toBe(T0 + 2000);
	});

	test('nextDueAt counts the end of a lease (where the store says it does), and claim at that time gets the relay', async () => {
		await ctx.store.ingest(record('evt_1'));
		await claimDue(ctx, 'zapier', T0 + 10, 1000);
		const due = await ctx.store.nextDueAt('zapier');
		if (ctx.clock.leaseEndIsDue) expect(due).toBe(T0 + 1010);
		else expect(due).toBeUndefined();
		expect((await claimDue(ctx, 'zapier', T0 + 1010)).eventId).toBe('evt_1');
	});

	test('nextDueAt is undefined while the destination is paused', async () => {
		await ctx.store.ingest(record('evt_1', { destinations: ['zapier', 'n8n'] }));
		await ctx.store.pause('zapier', 'maintenance', T0);
		expect(await ctx.store.nextDueAt('zapier')).toBeUndefined();
		expect(await ctx.store.nextDueAt('n8n')).toBe(T0);
	});

	test('resume makes a paused destination relays due at once and reports it was paused', async () => {
		await ctx.store.ingest(record('evt_1'));
		const relay = await claimDue(ctx, 'zapier', T0);
		await ctx.store.settle(relay, retry(T0 + 1, T0 + 600_000, 429, null));
		await ctx.store.pause('zapier', 'maintenance', T0 + 2);

		expect(await ctx.store.resume('zapier', T0 + 1000)).toBe(true);
		expectDueBy(ctx, await ctx.store.nextDueAt('zapier'), T0 + 1000);
		expect(await destinationStatus(ctx.store, 'zapier')).toEqual({
			...IDLE,
			failing: 1,
			lastError: 'HTTP 429',
		});
		expect((await claimDue(ctx, 'zapier', T0 + 1000)).attempts).toBe(1);
	});

	test('resume of a destination that is not paused returns false and keeps its backoff', async () => {
		await ctx.store.ingest(record('evt_1'));
		const relay = await claimDue(ctx, 'zapier', T0);
		await ctx.store.settle(relay, retry(T0 + 1, T0 + 600_000, 500, null));
		expect(await ctx.store.resume('zapier', T0 + 1000)).toBe(false);
		expect(await ctx.store.claim('zapier', 10, T0 + 1000, LEASE_MS)).toEqual([]);
		expect(await ctx.store.nextDueAt('zapier')).toBe(T0 + 600_000);
	});

	test('replay brings back dead relays received since a time, attempts reset', async () => {
		await killAll(ctx, ['evt_a', 'evt_b', 'evt_c']);
		const replayed = await ctx.store.replay({ destination: 'zapier', since: T0 + 100 }, T0 + 900);
		expect(replayed).toBe(2);
		expect(await destinationStatus(ctx.store, 'zapier')).toEqual({
			...IDLE,
			queued: 2,
			dead: 1,
			lastError: 'HTTP 500',
		});
		const claimed = await ctx.store.claim('zapier', 10, T0 + 900, LEASE_MS);
		expect(claimed.map((r) => [r.eventId, r.attempts]).sort()).toEqual([
			['evt_b', 0],
			['evt_c', 0],
		]);
	});

	test('replay by eventId brings back that relay only, and only a dead one', async () => {
		await killAll(ctx, ['evt_a', 'evt_b']);
		await ctx.store.ingest(record('evt_pending', { receivedAt: T0 + 850 }));
		expect(await ctx.store.replay({ destination: 'zapier', eventId: 'evt_a' }, T0 + 900)).toBe(1);
		expect(await ctx.store.replay({ destination: 'zapier', eventId: 'evt_a' }, T0 + 900)).toBe(0);
		expect(
			await ctx.store.replay({ destination: 'zapier', eventId: 'evt_pending' }, T0 + 900),
		).toBe(0);
		expect(await ctx.store.replay({ destination: 'n8n' }, T0 + 900)).toBe(0);
		expect(await destinationStatus(ctx.store, 'zapier')).toEqual({
			...IDLE,
			queued: 2,
			dead: 1,
			lastError: 'HTTP 500',
		});
	});
}

/** Ingests the events 100 ms apart and lets each one's relay to zapier die. */
async function killAll(ctx: StoreContext, eventIds: readonly string[]): Promise<void> {
	for (const [i, eventId] of eventIds.entries()) {
		await ctx.store.ingest(record(eventId, { receivedAt: T0 + i * 100 }));
	}
	const claimed = await ctx.store.claim('zapier', 100, T0 + 800, LEASE_MS);
	expect(claimed).toHaveLength(eventIds.length);
	for (const relay of claimed) {
		await ctx.store.settle(relay, { kind: 'dead', status: 500, error: null, at: T0 + 801 });
	}
}
