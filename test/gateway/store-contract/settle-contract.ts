import {
	before,
	claimDue,
	dead,
	destinationStatus,
	IDLE,
	ok,
	record,
	retry,
	T0,
	type StoreContext,
} from './fixtures';

const LATER = T0 + 365 * 24 * 60 * 60 * 1000;

export function settleContract(ctx: StoreContext): void {
	test('settle delivered counts the relay once and never hands it out again', async () => {
		await ctx.store.ingest(record('evt_1'));
		await ctx.store.settle(await claimDue(ctx, 'zapier', T0), ok(T0 + 10));
		expect(await destinationStatus(ctx.store, 'zapier')).toEqual({ ...IDLE, delivered: 1 });
		expect(await ctx.store.claim('zapier', 10, LATER, 1000)).toEqual([]);
	});

	test('settle retry makes the relay failing, due at nextAt with one more attempt', async () => {
		await ctx.store.ingest(record('evt_1'));
		await ctx.store.settle(await claimDue(ctx, 'zapier', T0), retry(T0, T0 + 600, 503, null));
		expect(await destinationStatus(ctx.store, 'zapier')).toEqual({
			...IDLE,
			failing: 1,
			lastError: 'HTTP 503',
		});
		expect(await ctx.store.claim('zapier', 10, before(ctx, T0 + 600), 1000)).toEqual([]);
		expect((await claimDue(ctx, 'zapier', T0 + 600)).attempts).toBe(1);
	});

	test('settle dead keeps the relay out of claims and shows the error', async () => {
		await ctx.store.ingest(record('evt_1'));
		const relay = await claimDue(ctx, 'zapier', T0);
		await ctx.store.settle(relay, dead(T0 + 10, 'connect ECONNREFUSED'));
		expect(await destinationStatus(ctx.store, 'zapier')).toEqual({
			...IDLE,
			dead: 1,
			lastError: 'connect ECONNREFUSED',
		});
		expect(await ctx.store.claim('zapier', 10, LATER, 1000)).toEqual([]);
	});

	test('settle paused pauses the destination and keeps the relay for after resume', async () => {
		await ctx.store.ingest(record('evt_1'));
		const relay = await claimDue(ctx, 'zapier', T0);
		const reason = 'the destination answered 410 Gone';
		await ctx.store.settle(relay, {
			kind: 'paused',
			reason,
			status: 410,
			error: null,
			at: T0 + 10,
		});
		expect(await destinationStatus(ctx.store, 'zapier')).toEqual({
			...IDLE,
			failing: 1,
			paused: true,
			pausedReason: reason,
			lastError: 'HTTP 410',
		});
		expect(await ctx.store.claim('zapier', 10, LATER, 1000)).toEqual([]);

		expect(await ctx.store.resume('zapier', T0 + 20)).toBe(true);
		expect((await claimDue(ctx, 'zapier', T0 + 20)).attempts).toBe(1);
		expect(await destinationStatus(ctx.store, 'zapier')).toEqual({
			...IDLE,
			inFlight: 1,
			lastError: 'HTTP 410',
		});
	});

	test('settle delivered after a failure keeps the last error for the operator', async () => {
		await ctx.store.ingest(record('evt_1'));
		await ctx.store.settle(await claimDue(ctx, 'zapier', T0), retry(T0, T0 + 5, null, 'timeout'));
		await ctx.store.settle(await claimDue(ctx, 'zapier', T0 + 5), ok(T0 + 6));
		expect(await destinationStatus(ctx.store, 'zapier')).toEqual({
			...IDLE,
			delivered: 1,
			lastError: 'timeout',
		});
	});

	test('settle a second time for the same claim changes nothing', async () => {
		await ctx.store.ingest(record('evt_1'));
		const relay = await claimDue(ctx, 'zapier', T0);
		await ctx.store.settle(relay, ok(T0 + 1));
		await ctx.store.settle(relay, retry(T0 + 2, T0 + 3, 500, null));
		expect(await destinationStatus(ctx.store, 'zapier')).toEqual({ ...IDLE, delivered: 1 });
		expect(await ctx.store.claim('zapier', 10, LATER, 1000)).toEqual([]);
	});

	test('settle from a worker whose lease ran out does not touch a later claim', async () => {
		await ctx.store.ingest(record('evt_1'));
		const stale = await claimDue(ctx, 'zapier', T0, 1000);
		const second = await claimDue(ctx, 'zapier', T0 + 2000, 1000);
		await ctx.store.settle(second, retry(T0 + 2100, T0 + 3000, 502, null));
		const third = await claimDue(ctx, 'zapier', T0 + 3000, 1000);
		expect(third.attempts).toBe(1);

		await ctx.store.settle(stale, ok(T0 + 3100));
		expect(await destinationStatus(ctx.store, 'zapier')).toEqual({
			...IDLE,
			inFlight: 1,
			lastError: 'HTTP 502',
		});
		await ctx.store.settle(third, ok(T0 + 3200));
		expect(await destinationStatus(ctx.store, 'zapier')).toEqual({
			...IDLE,
			delivered: 1,
			lastError: 'HTTP 502',
		});
	});

	test('release puts claimed relays back, due at once with their attempts unchanged', async () => {
		await ctx.store.ingest(record('evt_1'));
		await ctx.store.ingest(record('evt_2'));
		const claimed = await ctx.store.claim('zapier', 10, T0, 60_000);
		expect(claimed).toHaveLength(2);
		await ctx.store.release(claimed);
		expect(await destinationStatus(ctx.store, 'zapier')).toEqual({ ...IDLE, queued: 2 });
		const again = await ctx.store.claim('zapier', 10, T0 + 1, 60_000);
		expect(again.map((r) => [r.eventId, r.attempts]).sort()).toEqual([
			['evt_1', 0],
			['evt_2', 0],
		]);
	});
}
