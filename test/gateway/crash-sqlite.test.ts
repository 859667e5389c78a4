import { freeLoopbackPort } from '../helpers/loopback-server';
import type { TestReceiver } from '../provider/helpers/test-receiver';
import {
	GatewayChildren,
	startFlappingDestination,
	tallyDeliveries,
} from './helpers/crash-harness';
import {
	awaitRecovery,
	crashConfig,
	describeKills,
	killDuringBurst,
	seconds,
} from './helpers/crash-scenario';
import { tempDir, writeConfig } from './helpers/gateway-fixture';
import { ProviderBurst } from './helpers/provider-burst';

// Test 2 of the gateway issue, on SQLite: a real gateway process is killed with SIGKILL three
// times during a burst of 2,000 events while the destination flaps, and restarted each time on
// the same file, config and port. The test is the provider and retries what got no 2xx. Every
// event it saw acknowledged must reach the destination, and none may end dead.
const EVENTS = 2000;
// One budget for the test (a loaded 2-core machine), shared by its waits so the one that
// runs out names what it was waiting for.
const BUDGET_MS = 230_000;
jest.setTimeout(BUDGET_MS + 20_000);

const gateways = new GatewayChildren(100);
let destination: TestReceiver | undefined;
let burst: ProviderBurst | undefined;

afterAll(async () => {
	burst?.stop();
	await gateways.killAll();
	await destination?.stop();
});

test(`kill -9 three times during a ${EVENTS}-event burst: every acknowledged event is delivered, none dead`, async () => {
	const started = Date.now();
	const left = () => started + BUDGET_MS - Date.now();
	const receiver = (destination = await startFlappingDestination());
	// A fixed port, picked free up front: the provider's URL stays valid across restarts.
	const port = await freeLoopbackPort();
	const dir = tempDir('hookbridge-crash-sqlite-');
	const config = writeConfig(dir, crashConfig(`sqlite:${dir}/gateway.sqlite`, port, receiver.url));
	let gateway = await gateways.start(config);
	const sender = (burst = new ProviderBurst({
		url: () => `http://127.0.0.1:${port}/in/wa`,
		count: EVENTS,
		concurrency: 16,
		deadlineMs: 150_000,
		idPrefix: 'sq',
	}));

	const [, kills] = await Promise.all([
		sender.run(),
		killDuringBurst(sender, receiver, {
			at: [500, 1000, 1500],
			killAndRestart: async () => {
				await gateways.kill9(gateway);
				gateway = await gateways.start(config);
			},
			timeoutMs: left,
		}),
	]);
	const lastRestart = Date.now();
	const { allDeliveredAt, drainedAt, status } = await awaitRecovery(receiver, sender, config, left);
	const tally = tallyDeliveries(receiver.received, sender.acknowledged.keys());
	console.log(
		`crash-sqlite: ${sender.acknowledged.size} acknowledged, ${tally.delivered} delivered, ` +
			`${tally.lost.length} lost, ${tally.duplicates} duplicates at the destination, ` +
			`${tally.refused} attempts refused by it, ${describeKills(kills)}, ` +
			`sender retries ${JSON.stringify(Object.fromEntries(sender.unacknowledged))}, ` +
			`all delivered ${seconds(allDeliveredAt - lastRestart)} and drained ` +
			`${seconds(drainedAt - lastRestart)} after the last restart, ${seconds(Date.now() - started)} in all`,
	);

	expect(kills).toHaveLength(3);
	// The kills came mid-burst: the provider found no gateway listening for a while.
	expect(sender.unacknowledged.get('ECONNREFUSED')).toBeGreaterThan(0);
	expect(sender.acknowledged.size).toBe(EVENTS);
	expect(tally.lost).toEqual([]);
	expect(tally.unverified).toBe(0);
	// Each relay reached `delivered` once in the store, whatever the destination saw twice.
	expect(status.destinations.make).toMatchObject({
		queued: 0,
		inFlight: 0,
		failing: 0,
		dead: 0,
		delivered: EVENTS,
		paused: false,
	});
	expect(status.sources.wa).toMatchObject({ received: EVENTS });
});
