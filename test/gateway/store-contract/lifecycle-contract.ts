import { StoreUnavailableError } from '../../../gateway/store/gateway-store';
import { IDLE, record, SOURCE, T0, type StoreContext } from './fixtures';

export function lifecycleContract(ctx: StoreContext): void {
	test('status of an empty store lists nothing', async () => {
		expect(await ctx.store.status()).toEqual({ sources: {}, destinations: {} });
	});

	test('countRefused adds up per source and code, and status shows it at once', async () => {
		await ctx.store.ingest(record('evt_1'));
		await ctx.store.countRefused(SOURCE, 'signature_mismatch');
		await ctx.store.countRefused(SOURCE, 'signature_mismatch', 3);
		await ctx.store.countRefused(SOURCE, 'timestamp_too_old');
		await ctx.store.countRefused('stripe', 'missing_signature');
		expect((await ctx.store.status()).sources).toEqual({
			[SOURCE]: {
				received: 1,
				duplicates: 0,
				refused: { signature_mismatch: 4, timestamp_too_old: 1 },
			},
			stripe: { received: 0, duplicates: 0, refused: { missing_signature: 1 } },
		});
	});

	test('pause of a destination with no relays yet shows it paused', async () => {
		await ctx.store.pause('zapier', 'set up later', T0);
		expect((await ctx.store.status()).destinations).toEqual({
			zapier: { ...IDLE, paused: true, pausedReason: 'set up later' },
		});
	});

	test('ping resolves while the store is open', async () => {
		await expect(ctx.store.ping()).resolves.toBeUndefined();
	});

	test('after close, ping and ingest reject with StoreUnavailableError, and close again is fine', async () => {
		await ctx.store.close();
		await expect(ctx.store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
		await expect(ctx.store.ingest(record('evt_1'))).rejects.toBeInstanceOf(StoreUnavailableError);
		await expect(ctx.store.close()).resolves.toBeUndefined();
	});
}
