import type { GatewayStore } from '../../gateway/store/gateway-store';
import { claimContract } from './store-contract/claim-contract';
import type { StoreClock, StoreContext } from './store-contract/fixtures';
import { ingestContract } from './store-contract/ingest-contract';
import { lifecycleContract } from './store-contract/lifecycle-contract';
import { onWallClock } from './store-contract/on-wall-clock';
import { scheduleContract } from './store-contract/schedule-contract';
import { settleContract } from './store-contract/settle-contract';

export type StoreFactory = () => Promise<{ store: GatewayStore; cleanup: () => Promise<void> }>;

const FAKE_CLOCK: StoreClock = { kind: 'fake', leaseEndIsDue: true };

/**
 * The behaviour every GatewayStore must show, through the interface alone: each store's test
 * file calls this with a factory of fresh, empty stores. Time is the `nowMs` the tests pass:
 * on a fake-clock store nothing here sleeps; a wall-clock store is driven through onWallClock,
 * which waits for the times the tests name (a few seconds per test at most).
 */
export function describeStoreContract(
	name: string,
	factory: StoreFactory,
	clock: StoreClock = FAKE_CLOCK,
): void {
	describe(name, () => {
		let current: { store: GatewayStore; cleanup: () => Promise<void> } | undefined;
		const ctx: StoreContext = {
			get store() {
				if (!current) throw new Error('no store: the factory did not run');
				return current.store;
			},
			clock,
		};
		beforeEach(async () => {
			const made = await factory();
			current =
				clock.kind === 'wall' ? { store: onWallClock(made.store), cleanup: made.cleanup } : made;
		});
		afterEach(async () => {
			await current?.cleanup();
			current = undefined;
		});

		describe('ingest', () => ingestContract(ctx));
		describe('claim', () => claimContract(ctx));
		describe('settle and release', () => settleContract(ctx));
		describe('nextDueAt, pause, resume, replay', () => scheduleContract(ctx));
		describe('counters and lifecycle', () => lifecycleContract(ctx));
	});
}
