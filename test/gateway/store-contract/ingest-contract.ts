import { expectedRelayId, IDLE, LEASE_MS, record, SOURCE, T0, type StoreContext } from './fixtures';

export function ingestContract(ctx: StoreContext): void {
	test('ingest records a new event, and the same (source, eventId) again as a duplicate that enqueues nothing', async () => {
		const destinations = ['zapier', 'n8n'];
		expect(await ctx.store.ingest(record('evt_1', { destinations }))).toEqual({ duplicate: false });
		const again = record('evt_1', { destinations, body: '{"other":true}', receivedAt: T0 + 5 });
		expect(await ctx.store.ingest(again)).toEqual({ duplicate: true });

		expect(await ctx.store.status()).toEqual({
			sources: { [SOURCE]: { received: 1, duplicates: 1, refused: {} } },
			destinations: { zapier: { ...IDLE, queued: 1 }, n8n: { ...IDLE, queued: 1 } },
		});
	});

	test('ingest treats the same event id from another source as a new event', async () => {
		expect(await ctx.store.ingest(record('evt_1'))).toEqual({ duplicate: false });
		expect(await ctx.store.ingest(record('evt_1', { source: 'stripe' }))).toEqual({
			duplicate: false,
		});
		expect((await ctx.store.status()).destinations.zapier?.queued).toBe(2);
	});

	test('ingest of one event 50 times at once reports exactly one as new', async () => {
		const results = await Promise.all(
			Array.from({ length: 50 }, () => ctx.store.ingest(record('evt_same'))),
		);
		expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
		const status = await ctx.store.status();
		expect(status.sources[SOURCE]).toEqual({ received: 1, duplicates: 49, refused: {} });
		expect(status.destinations.zapier).toEqual({ ...IDLE, queued: 1 });
		expect(await ctx.store.claim('zapier', 100, T0, LEASE_MS)).toHaveLength(1);
	});

	test('ingest of 100 distinct events at once records each with its relay', async () => {
		const ids = Array.from({ length: 100 }, (_, i) => `evt_${i}`);
		const results = await Promise.all(ids.map((id) => ctx.store.ingest(record(id))));
		expect(results.every((r) => !r.duplicate)).toBe(true);
		expect((await ctx.store.status()).sources[SOURCE]?.received).toBe(100);

		const claimed = await ctx.store.claim('zapier', 1000, T0, LEASE_MS);
		expect(claimed.map((r) => r.eventId).sort()).toEqual([...ids].sort());
		for (const relay of claimed) {
			expect(relay.id).toBe(expectedRelayId(SOURCE, relay.eventId, 'zapier'));
		}
	});

	test('ingest of an event with no destinations still dedupes it', async () => {
		expect(await ctx.store.ingest(record('evt_1', { destinations: [] }))).toEqual({
			duplicate: false,
		});
		expect(await ctx.store.ingest(record('evt_1', { destinations: [] }))).toEqual({
			duplicate: true,
		});
		expect(await ctx.store.status()).toEqual({
			sources: { [SOURCE]: { received: 1, duplicates: 1, refused: {} } },
			destinations: {},
		});
	});
}
