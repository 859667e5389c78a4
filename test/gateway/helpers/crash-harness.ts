import { hookbridge } from '../../cli/helpers/cli-process';
import { TestReceiver, type Received } from '../../provider/helpers/test-receiver';
import { RELAY_SECRET, startGatewayProcess, type GatewayProcess } from './gateway-fixture';

// What the crash tests share: gateway children that are always killed, a flapping
// destination, the tally of what reached it, and the gateway's own status through the CLI.

/** Gateway processes of one test; `killAll` in afterAll/afterEach ends every one of them. */
export class GatewayChildren {
	private readonly running = new Set<GatewayProcess>();
	private readonly onParentExit = () => {
		for (const gateway of this.running) gateway.process.child.kill('SIGKILL');
	};

	constructor(private readonly timeScale: number) {
		// A test run that dies without its afterAll must not leave gateways behind.
		process.once('exit', this.onParentExit);
	}

	async start(configFile: string): Promise<GatewayProcess> {
		const gateway = await startGatewayProcess(configFile, { timeScale: this.timeScale });
		this.running.add(gateway);
		return gateway;
	}

	/** `kill -9`: no drain, no close; resolves once the process is gone. */
	async kill9(gateway: GatewayProcess): Promise<void> {
		await gateway.process.stop('SIGKILL');
		this.running.delete(gateway);
	}

	async killAll(): Promise<void> {
		await Promise.all([...this.running].map((gateway) => this.kill9(gateway)));
		process.removeListener('exit', this.onParentExit);
	}
}

/**
 * A destination that flaps: each event's attempts are answered 500, 200, 200, 500, … from a
 * starting point set by its index, so a third of first attempts fail and every redelivery
 * after a crash may too, yet no event is refused twice in a row: with more than one retry in
 * the schedule, a relay that goes dead is the gateway's fault, not the destination's.
 */
export function flappingDestination(): (delivery: Received) => number {
	const attempts = new Map<string, number>();
	return (delivery) => {
		const id = relayedId(delivery);
		const n = attempts.get(id) ?? 0;
		attempts.set(id, n + 1);
		const index = Number(/(\d+)$/.exec(id)?.[1] ?? 0);
		return (index + n) % 3 === 0 ? 500 : 200;
	};
}

/** A Standard Webhooks receiver at `/relay` that verifies every relay and flaps. */
export async function startFlappingDestination(): Promise<TestReceiver> {
	const receiver = await new TestReceiver({
		provider: 'standard-webhooks',
		secrets: { '/relay': RELAY_SECRET },
	}).start();
	receiver.respond = flappingDestination();
	return receiver;
}

/** The relayed body is the normalised event: its `id` is the provider's event id. */
export function relayedId(delivery: Received): string {
	return String((JSON.parse(delivery.body.toString()) as { id: unknown }).id);
}

export interface DeliveryTally {
	/** Acknowledged ids that never reached the destination verified with a 200. */
	lost: string[];
	/** Distinct ids delivered (answered 200, signature verified independently). */
	delivered: number;
	/** Deliveries beyond the first per id. */
	duplicates: number;
	/** Attempts the destination refused (its flapping). */
	refused: number;
	/** Relays whose Standard Webhooks signature did not verify independently. */
	unverified: number;
}

export function tallyDeliveries(
	received: readonly Received[],
	acknowledged: Iterable<string>,
): DeliveryTally {
	const ok = received.filter((d) => d.status === 200 && d.independentlyVerified).map(relayedId);
	const delivered = new Set(ok);
	return {
		lost: [...acknowledged].filter((id) => !delivered.has(id)),
		delivered: delivered.size,
		duplicates: ok.length - delivered.size,
		refused: received.filter((d) => d.status !== 200).length,
		unverified: received.filter((d) => !d.independentlyVerified).length,
	};
}

export interface StatusJson {
	sources: Record<string, { received: number; duplicates: number }>;
	destinations: Record<
		string,
		{ queued: number; inFlight: number; failing: number; dead: number; delivered: number }
	>;
}

/** `hookbridge gateway status --json`, the operator's view of the store. */
export async function gatewayStatus(configFile: string): Promise<StatusJson> {
	const run = await hookbridge(['gateway', 'status', '--json', '--config', configFile]);
	if (run.code !== 0) throw new Error(`gateway status exited ${run.code}: ${run.stderr}`);
	return JSON.parse(run.stdout) as StatusJson;
}

/** Nothing left to do for the destination: no relay queued, in flight or retrying. */
export function drained(status: StatusJson, destination: string): boolean {
	const d = status.destinations[destination];
	return d !== undefined && d.queued === 0 && d.inFlight === 0 && d.failing === 0;
}
