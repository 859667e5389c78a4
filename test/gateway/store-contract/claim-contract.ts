import {
	before,
	claimDue,
	destinationStatus,
	expectedRelayId,
	IDLE,
	LEASE_MS,
	record,
	retry,
	SOURCE,
	T0,
	type StoreContext,
} from './fixtures';

export function claimContract(ctx: StoreContext): void {
	test('claim returns the relay with its event and marks it in flight', async () => {
		const body = '{"id":"evt_1","text":"é"}';
		await ctx.store.ingest(record('evt_1', { body, type: 'message.sent' }));

		expect(await ctx.store.claim('zapier', 10, T0, LEASE_MS)).toEqual([
			{
				id: expectedRelayId(SOURCE, 'evt_1', 'zapier'),
				destination: 'zapier',
				source: SOURCE,
				eventId: 'evt_1',
				type: 'message.sent',
				body,
				attempts: 0,
				receivedAt: T0,
			},
		]);
		expect(await destinationStatus(ctx.store, 'zapier')).toEqual({ ...IDLE, inFlight: 1 });
		expect(await ctx.store.claim('zapier', 10, T0 + 1, LEASE_MS)).toEqual([]);
	});

	test('claim takes no more than the limit', async () => {
		for (let i = 0; i < 5; i++) await ctx.store.ingest(record(`evt_${i}`));
		expect(await ctx.store.claim('zapier', 0, T0, LEASE_MS)).toEqual([]);
		expect(await ctx.store.claim('zapier', 2, T0, LEASE_MS)).toHaveLength(2);
		expect(await ctx.store.claim('zapier', 10, T0, LEASE_MS)).toHaveLength(3);
		expect(await ctx.store.claim('zapier', 10, T0, LEASE_MS)).toHaveLength(0);
	});

	test('claim leaves a relay alone until its nextAt', async () => {
		await ctx.store.ingest(record('evt_1', { receivedAt: T0 + 1000 }));
		expect(await ctx.store.claim('zapier', 10, before(ctx, T0 + 1000), LEASE_MS)).toEqual([]);
		expect((await claimDue(ctx, 'zapier', T0 + 1000)).eventId).toBe('evt_1');
	});

	test('claim takes only the named destination and nothing of a paused one', async () => {
		await ctx.store.ingest(record('evt_1', { destinations: ['zapier', 'n8n'] }));
		await ctx.store.pause('n8n', 'paused by the operator', T0);
		expect(await ctx.store.claim('n8n', 10, T0 + 1, LEASE_MS)).toEqual([]);
		expect((await claimDue(ctx, 'zapier', T0 + 1)).destination).toBe('zapier');
		expect(await destinationStatus(ctx.store, 'n8n')).toEqual({
			...IDLE,
			queued: 1,
			paused: true,
			pausedReason: 'paused by the operator',
		});
	});

	test('claim takes the earliest nextAt first', async () => {
		// Received out of order, so neither insertion order nor relay id gives this order.
		// 500 ms apart: on the wall clock each is still ahead when it is ingested, even when the
		// ingests before it were slow (a loaded machine), so arrival order cannot stand in for it.
		const offsets = [2000, 500, 3000, 1500, 1000, 2500];
		for (const offset of offsets) {
			await ctx.store.ingest(record(`evt_${offset}`, { receivedAt: T0 + offset }));
		}
		const first = await ctx.store.claim('zapier', 2, T0 + 3500, LEASE_MS);
		expect(first.map((r) => r.eventId)).toEqual(['evt_500', 'evt_1000']);
		const rest = await ctx.store.claim('zapier', 10, T0 + 3500, LEASE_MS);
		expect(rest.map((r) => r.eventId)).toEqual(['evt_1500', 'evt_2000', 'evt_2500', 'evt_3000']);
	});

	test('claim orders a retried relay by its new nextAt, not by when it was received', async () => {
		await ctx.store.ingest(record('evt_retried', { receivedAt: T0 }));
		const relay = await claimDue(ctx, 'zapier', T0);
		await ctx.store.settle(relay, retry(T0 + 10, T0 + 1000, 500, null));
		await ctx.store.ingest(record('evt_fresh', { receivedAt: T0 + 500 }));
		const claimed = await ctx.store.claim('zapier', 10, T0 + 2000, LEASE_MS);
		expect(claimed.map((r) => [r.eventId, r.attempts])).toEqual([
			['evt_fresh', 0],
			['evt_retried', 1],
		]);
	});

	test('claim hands out a relay again once its lease has run out', async () => {
		await ctx.store.ingest(record('evt_1'));
		const first = await claimDue(ctx, 'zapier', T0, 1000);
		expect(await ctx.store.claim('zapier', 10, before(ctx, T0 + 1000), LEASE_MS)).toEqual([]);
		const again = await claimDue(ctx, 'zapier', T0 + 1001);
		expect(again).toEqual(first);
		expect(await destinationStatus(ctx.store, 'zapier')).toEqual({ ...IDLE, inFlight: 1 });
	});
}
