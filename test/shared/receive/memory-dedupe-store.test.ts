import { forgetEvent, MemoryDedupeStore, receive } from '../../../shared';
import { NOW_SECONDS, secretFor, signedDelivery } from '../../helpers/signed-delivery';

describe('MemoryDedupeStore', () => {
	test('remember says false the first time and true while the key lives', () => {
		const store = new MemoryDedupeStore();
		expect(store.remember('k', 60, 0)).toBe(false);
		expect(store.remember('k', 60, 59_999)).toBe(true);
	});

	test('a key is new again once its TTL has passed', () => {
		const store = new MemoryDedupeStore();
		store.remember('k', 60, 0);
		expect(store.remember('k', 60, 60_000)).toBe(false);
	});

	test('stays within its size cap, dropping the oldest key first', () => {
		const store = new MemoryDedupeStore(3);
		for (const key of ['a', 'b', 'c', 'd']) store.remember(key, 60, 0);
		expect(store.size).toBe(3);
		expect(store.remember('a', 60, 1)).toBe(false);
		expect(store.remember('d', 60, 1)).toBe(true);
	});

	test('rememberEvent(provider, id) and remember("provider:id") are the same record', () => {
		const store = new MemoryDedupeStore();
		expect(store.rememberEvent('velaflows', 'evt:1', 60, 0)).toBe(false);
		expect(store.remember('velaflows:evt:1', 60, 1)).toBe(true);
		expect(store.rememberEvent('vellocity', 'evt:1', 60, 1)).toBe(false);
		store.forget('velaflows:evt:1');
		expect(store.rememberEvent('velaflows', 'evt:1', 60, 2)).toBe(false);
		store.forgetEvent('velaflows', 'evt:1');
		expect(store.remember('velaflows:evt:1', 60, 3)).toBe(false);
		expect(store.size).toBe(2);
	});

	test('keeps a key at least its TTL whatever the millisecond it came in', () => {
		const store = new MemoryDedupeStore();
		store.remember('a', 1, 1_000);
		expect(store.remember('k', 60, 1_500)).toBe(false);
		expect(store.remember('k', 60, 61_499)).toBe(true);
		expect(store.remember('k', 60, 62_000)).toBe(false);
	});

	test('forgetEvent lets a retry through after processing failed', async () => {
		const dedupe = new MemoryDedupeStore();
		const secret = secretFor('flowella');
		const body = JSON.stringify({
			event: 'optout.created',
			data: { id: 'evt_1', contactPhone: '+1555000', channel: 'whatsapp' },
		});
		const options = { secrets: secret, dedupe, now: NOW_SECONDS * 1000 };
		const event = await receive('flowella', signedDelivery('flowella', body, secret), options);
		await forgetEvent(event, { dedupe });
		await expect(
			receive('flowella', signedDelivery('flowella', body, secret), options),
		).resolves.toMatchObject({
			id: 'evt_1',
		});
	});
});
