import { startNginx } from '../helpers/load-balancer';
import { freeLoopbackPort } from '../helpers/loopback-server';
import { startRedis } from '../helpers/redis-server';
import type { TestReceiver } from '../provider/helpers/test-receiver';
import {
	GatewayChildren,
	startFlappingDestination,
	tallyDeliveries,
	type StatusJson,
} from './helpers/crash-harness';
import {
	awaitRecovery,
	crashConfig,
	describeKills,
	killDuringBurst,
	seconds,
} from './helpers/crash-scenario';
import { tempDir, writeConfig, type GatewayProcess } from './helpers/gateway-fixture';
import { ProviderBurst, type Attempt } from './helpers/provider-burst';
import { answeredWhileDown, describeAnswers, redisOutage } from './helpers/redis-outage';

// Tests 2 (Redis) and 3 of the gateway issue. A real redis-server (AOF, fsync on every write)
// shared by gateway processes; the test is the provider and retries what got no 2xx. Either a
// gateway instance behind nginx or redis-server itself is killed with SIGKILL mid-burst while
// the destination flaps: every event acknowledged with a 2xx must reach the destination.
const EVENTS = 2000;
// One budget per test (a loaded 2-core machine), shared by its waits so the one that runs
// out names what it was waiting for.
const BUDGET_MS = 230_000;
jest.setTimeout(BUDGET_MS + 20_000);
// Flowella gives up on an attempt after 10 s: a 503 slower than that is a timeout to it.
const FLOWELLA_TIMEOUT_MS = 10_000;
// Deliveries the gateway must answer while redis-server is down before it is started again.
const ANSWERS_WHILE_DOWN = 32;

// Every child and server of a test, stopped after it whether it passed or not.
const cleanup: Array<() => unknown> = [];

afterEach(async () => {
	const errors: unknown[] = [];
	for (const step of cleanup.splice(0).reverse()) {
		await Promise.resolve()
			.then(step)
			.catch((error: unknown) => errors.push(error));
	}
	if (errors.length > 0) throw errors[0];
});

/** Redis, the destination and a gateway pool for one test, each stopped in afterEach. */
async function startWorld() {
	const redis = await startRedis();
	cleanup.push(() => redis.stop());
	const receiver = await startFlappingDestination();
	cleanup.push(() => receiver.stop());
	const gateways = new GatewayChildren(100);
	cleanup.push(() => gateways.killAll());
	const dir = tempDir('hookbridge-crash-redis-');
	const config = (port: number, name: string) =>
		writeConfig(dir, crashConfig(redis.url, port, receiver.url), name);
	return { redis, receiver, gateways, config };
}

function startBurst(url: () => string, idPrefix: string, onAttempt?: (a: Attempt) => void) {
	const burst = new ProviderBurst({
		url,
		count: EVENTS,
		concurrency: 16,
		deadlineMs: 150_000,
		idPrefix,
		...(onAttempt ? { onAttempt } : {}),
	});
	cleanup.push(() => burst.stop());
	return burst;
}

/** Two distinct free loopback ports (a probe may hand out the same one twice). */
async function twoPorts(): Promise<[number, number]> {
	const first = await freeLoopbackPort();
	let second = await freeLoopbackPort();
	while (second === first) second = await freeLoopbackPort();
	return [first, second];
}

function acceptedBy(gateway: GatewayProcess): number {
	return gateway.process.stdout.match(/"event":"accepted"/g)?.length ?? 0;
}

function expectNothingLost(receiver: TestReceiver, burst: ProviderBurst, status: StatusJson) {
	const tally = tallyDeliveries(receiver.received, burst.acknowledged.keys());
	expect(burst.acknowledged.size).toBe(EVENTS);
	expect(tally.lost).toEqual([]);
	expect(tally.unverified).toBe(0);
	// Each relay counted delivered once in the store, whatever the destination saw twice.
	expect(status.destinations.make).toMatchObject({
		queued: 0,
		inFlight: 0,
		failing: 0,
		dead: 0,
		delivered: EVENTS,
		paused: false,
	});
	expect(status.sources.wa).toMatchObject({ received: EVENTS });
}

function describeDeliveries(receiver: TestReceiver, burst: ProviderBurst, status: StatusJson) {
	const tally = tallyDeliveries(receiver.received, burst.acknowledged.keys());
	const make = status.destinations.make;
	return (
		`${burst.acknowledged.size} acknowledged, ${tally.delivered} delivered, ` +
		`${tally.lost.length} lost, ${make?.dead} dead, ${tally.duplicates} duplicates at the ` +
		`destination, ${tally.refused} attempts refused by it, status delivered ${make?.delivered}, ` +
		`sender retries ${JSON.stringify(Object.fromEntries(burst.unacknowledged))}`
	);
}

test(`two instances on one Redis behind nginx, one killed -9 three times during a ${EVENTS}-event burst: every acknowledged event is delivered, none dead`, async () => {
	const started = Date.now();
	const left = () => started + BUDGET_MS - Date.now();
	const { receiver, gateways, config } = await startWorld();
	// Fixed ports, picked free up front: nginx's upstreams stay valid across restarts.
	const [portA, portB] = await twoPorts();
	const configA = config(portA, 'a.json');
	const incarnationsOfA = [await gateways.start(configA)];
	const currentA = () => incarnationsOfA.at(-1) as GatewayProcess;
	const restarts = () => incarnationsOfA.length - 1;
	const b = await gateways.start(config(portB, 'b.json'));
	const nginx = await startNginx([
		{ host: '127.0.0.1', port: portA },
		{ host: '127.0.0.1', port: portB },
	]);
	cleanup.push(() => nginx.stop());
	const burst = startBurst(() => `${nginx.url}/in/wa`, 'lb');

	const [, kills] = await Promise.all([
		burst.run(),
		killDuringBurst(burst, receiver, {
			at: [500, 1000, 1500],
			// Only once A takes its share again, so each kill cuts off deliveries and relays of
			// its own; a burst that ended first is a failure, not a wait until the budget is out.
			ready: () => {
				if (burst.acknowledged.size === EVENTS) {
					throw new Error(`the burst ended before restart ${restarts()} of A took deliveries`);
				}
				return acceptedBy(currentA()) >= 10;
			},
			killAndRestart: async () => {
				await gateways.kill9(currentA());
				incarnationsOfA.push(await gateways.start(configA));
			},
			timeoutMs: left,
		}),
	]);
	const lastRestart = Date.now();
	const recovery = await awaitRecovery(receiver, burst, configA, left);
	const acceptedByA = incarnationsOfA.map(acceptedBy);
	const { refused, cut } = nginx.failovers();
	console.log(
		`crash-redis (2 instances, nginx): ${describeDeliveries(receiver, burst, recovery.status)}, ` +
			`${describeKills(kills)} of instance A; accepted by A ${acceptedByA.join('+')}, ` +
			`by B ${acceptedBy(b)}; nginx re-sent ${cut} requests cut by a kill and ${refused} ` +
			`refused; all delivered ${seconds(recovery.allDeliveredAt - lastRestart)} and drained ` +
			`${seconds(recovery.drainedAt - lastRestart)} after the last restart, ` +
			`${seconds(Date.now() - started)} in all`,
	);
	expect(kills).toHaveLength(3);
	// Both instances took deliveries (A before each kill: killDuringBurst waits for that).
	expect(acceptedBy(b)).toBeGreaterThan(0);
	expectNothingLost(receiver, burst, recovery.status);
});

test(`redis-server killed -9 during a ${EVENTS}-event burst and restarted on its AOF: the gateway answers 503 meanwhile, and no acknowledged event is lost`, async () => {
	const started = Date.now();
	const left = () => started + BUDGET_MS - Date.now();
	const { redis, receiver, gateways, config } = await startWorld();
	const configFile = config(0, 'gateway.json');
	const gateway = await gateways.start(configFile);
	const attempts: Attempt[] = [];
	const burst = startBurst(
		() => `${gateway.url}/in/wa`,
		'rd',
		(a) => attempts.push(a),
	);

	const [, outage] = await Promise.all([
		burst.run(),
		redisOutage(redis, gateway, burst, receiver, {
			attempts,
			at: 700,
			answers: ANSWERS_WHILE_DOWN,
			timeoutMs: left,
		}),
	]);
	const recovery = await awaitRecovery(receiver, burst, configFile, left);
	const down = answeredWhileDown(attempts, outage);
	const acksAfter = [...burst.acknowledged.values()].filter((at) => at >= outage.upAt);
	const firstAck = Math.min(...acksAfter) - outage.upAt;
	console.log(
		`crash-redis (redis-server killed): ${describeDeliveries(receiver, burst, recovery.status)}, ` +
			`${describeKills([outage])} of redis-server; down ` +
			`${seconds(outage.restartAt - outage.goneAt)} and restarted in ` +
			`${seconds(outage.upAt - outage.restartAt)}, the gateway answered ` +
			`${describeAnswers(down)} meanwhile; first 2xx ${seconds(firstAck)} after redis was up, ` +
			`all delivered ${seconds(recovery.allDeliveredAt - outage.upAt)} and drained ` +
			`${seconds(recovery.drainedAt - outage.upAt)} after it, ` +
			`${seconds(Date.now() - started)} in all`,
	);
	expect(down.length).toBeGreaterThanOrEqual(ANSWERS_WHILE_DOWN);
	for (const attempt of down) {
		expect(attempt).toMatchObject({ status: 503, reason: 'store_unavailable' });
		expect(attempt.answeredAt - attempt.sentAt).toBeLessThan(FLOWELLA_TIMEOUT_MS);
	}
	expectNothingLost(receiver, burst, recovery.status);
});
