import type { TestReceiver } from '../../provider/helpers/test-receiver';
import { drained, gatewayStatus, tallyDeliveries, type StatusJson } from './crash-harness';
import { RELAY_SECRET, waitUntil } from './gateway-fixture';
import type { ProviderBurst } from './provider-burst';
import { FLOWELLA_SECRET } from './sender';

// The steps the crash tests have in common: one config, kills at thresholds of the burst,
// and the wait for recovery afterwards.

/** One Flowella source `wa` relayed to destination `make`, at the crash tests' pace. */
export function crashConfig(store: string, port: number, destinationUrl: string) {
	return {
		store,
		listen: { host: '127.0.0.1', port },
		allowLoopback: true,
		sources: [{ id: 'wa', provider: 'flowella', secrets: [FLOWELLA_SECRET] }],
		destinations: [
			{
				id: 'make',
				url: `${destinationUrl}/relay`,
				secret: RELAY_SECRET,
				// At --time-scale 100: 10 ms to 160 ms, 0.6 s in all; the flapping destination
				// never refuses twice in a row, so this is long enough that nothing goes dead.
				retrySchedule: [1, 1, 2, 2, 4, 4, 8, 8, 16, 16],
				// The lease is timeoutMs + 60 s: a small timeout brings a killed claim back sooner.
				timeoutMs: 2000,
			},
		],
	};
}

export interface Kill {
	/** Events acknowledged when it came. */
	acknowledged: number;
	/** Distinct events the destination had by then. */
	delivered: number;
	/** From the kill until the restarted process listened. */
	downMs: number;
}

/**
 * At each threshold of acknowledged events (once `ready` holds too), runs `killAndRestart`.
 * Fails at once when the burst has failed, so the test reports the burst's error.
 */
export async function killDuringBurst(
	burst: ProviderBurst,
	receiver: TestReceiver,
	options: {
		at: readonly number[];
		killAndRestart: () => Promise<void>;
		ready?: () => boolean;
		timeoutMs: () => number;
	},
): Promise<Kill[]> {
	const kills: Kill[] = [];
	for (const at of options.at) {
		await waitUntil(
			`${at} acknowledged events`,
			() => {
				if (burst.error) throw burst.error;
				return burst.acknowledged.size >= at && (options.ready?.() ?? true);
			},
			options.timeoutMs(),
		);
		const acknowledged = burst.acknowledged.size;
		const { delivered } = tallyDeliveries(receiver.received, []);
		const killed = Date.now();
		await options.killAndRestart();
		kills.push({ acknowledged, delivered, downMs: Date.now() - killed });
	}
	return kills;
}

export interface Recovery {
	/** When every acknowledged event had reached the destination. */
	allDeliveredAt: number;
	/** When the store had nothing left to do. */
	drainedAt: number;
	/** `gateway status --json` once drained. */
	status: StatusJson;
}

/** Waits for every acknowledged event at the destination, then for the store to drain. */
export async function awaitRecovery(
	receiver: TestReceiver,
	burst: ProviderBurst,
	config: string,
	timeoutMs: () => number,
): Promise<Recovery> {
	await waitUntil(
		'every acknowledged event at the destination',
		() => tallyDeliveries(receiver.received, burst.acknowledged.keys()).lost.length === 0,
		timeoutMs(),
	);
	const allDeliveredAt = Date.now();
	// Relays a killed process had claimed come back when their lease ends (timeoutMs + 60 s;
	// with Redis, at BullMQ's next stalled check after that): the redeliveries are duplicates.
	let status: StatusJson | undefined;
	await waitUntil(
		'the store to have nothing queued, in flight or failing',
		async () => drained((status = await gatewayStatus(config)), 'make'),
		timeoutMs(),
	);
	if (!status) throw new Error('gateway status was never read');
	return { allDeliveredAt, drainedAt: Date.now(), status };
}

export function describeKills(kills: readonly Kill[]): string {
	const each = kills.map(
		(k) => `at ${k.acknowledged} acked/${k.delivered} delivered, down ${seconds(k.downMs)}`,
	);
	return `${kills.length} kill${kills.length === 1 ? '' : 's'} (${each.join('; ')})`;
}

export function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)} s`;
}
