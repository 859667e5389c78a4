import type { GatewayStore } from '../../gateway/store/gateway-store';
import { claimContract } from './store-contract/claim-contract';
import type { StoreContext } from './store-contract/fixtures';
import { ingestContract } from './store-contract/ingest-contract';
import { lifecycleContract } from './store-contract/lifecycle-contract';
import { scheduleContract } from './store-contract/schedule-contract';
import { settleContract } from './store-contract/settle-contract';

export type StoreFactory = () => Promise<{ store: GatewayStore; cleanup: () => Promise<void> }>;

/**
 * The behaviour every GatewayStore must show, through the interface alone: each store's test
 * file calls this with a factory of fresh, empty stores. Time is the `nowMs` the tests pass,
 * so nothing here sleeps.
 */
export function describeStoreContract(name: string, factory: StoreFactory): void {
	describe(name, () => {
		let current: { store: GatewayStore; cleanup: () => Promise<void> } | undefined;
		const ctx: StoreContext = {
			get store() {
				if (!current) throw new Error('no store: the factory did not run');
				return current.store;
			},
		};
		beforeEach(async () => {
			current = await factory();
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
