import { TestReceiver } from '../provider/helpers/test-receiver';
import { hookbridge } from '../cli/helpers/cli-process';
import { startRedis, type RunningRedis } from '../helpers/redis-server';
import {
	RELAY_SECRET,
	startGatewayProcess,
	tempDir,
	waitUntil,
	writeConfig,
	type GatewayProcess,
} from './helpers/gateway-fixture';
import { FLOWELLA_SECRET, postFlowella } from './helpers/sender';

// Test 5 of the gateway issue: a destination that keeps failing ends in dead letters, and
// `gateway replay` delivers them once it recovers; a 410 pauses it and `gateway resume`
// restarts it. A real gateway process; status, replay and resume are the real CLI. On both
// stores: a SQLite file, and a real redis-server started for the suite.
describe.each(['sqlite', 'redis'] as const)('on %s', (kind) => {
	let destination: TestReceiver;
	let gateway: GatewayProcess;
	let config: string;
	let answer = 500;
	let redis: RunningRedis | undefined;

	beforeAll(async () => {
		destination = await new TestReceiver({
			provider: 'standard-webhooks',
			secrets: { '/relay': RELAY_SECRET },
		}).start();
		destination.respond = () => answer;
		const dir = tempDir();
		if (kind === 'redis') redis = await startRedis();
		config = writeConfig(dir, {
			store: redis ? redis.url : `sqlite:${dir}/gateway.sqlite`,
			listen: { host: '127.0.0.1', port: 0 },
			allowLoopback: true,
			sources: [{ id: 'wa', provider: 'flowella', secrets: [FLOWELLA_SECRET] }],
			// Two retries, 1 s then 2 s (÷100: 10 ms, 20 ms), so a relay is dead after 3 attempts.
			destinations: [
				{
					id: 'make',
					url: `${destination.url}/relay`,
					secret: RELAY_SECRET,
					retrySchedule: [1, 2],
				},
			],
		});
		gateway = await startGatewayProcess(config, { timeScale: 100 });
	}, 90_000);

	afterAll(async () => {
		await gateway?.process.stop();
		await destination?.stop();
		await redis?.stop();
	});

	/** `hookbridge gateway <args> --config <this suite's config>`, as an operator runs it. */
	const gatewayCli = (...args: string[]) => hookbridge(['gateway', ...args, '--config', config]);

	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the status JSON
	async function status(): Promise<any> {
		const run = await gatewayCli('status', '--json');
		if (run.code !== 0) throw new Error(`status exited ${run.code}: ${run.stderr}`);
		return JSON.parse(run.stdout).destinations.make;
	}

	const deliveredIds = () =>
		destination.received
			.filter((d) => d.status === 200 && d.independentlyVerified)
			.map((d) => JSON.parse(d.body.toString()).id as string);

	test('a destination that keeps failing ends in dead letters; replay delivers them after it recovers', async () => {
		for (const id of ['dl_1', 'dl_2', 'dl_3']) {
			expect((await postFlowella(`${gateway.url}/in/wa`, id)).status).toBe(200);
		}
		let make: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- the status JSON
		await waitUntil('three dead relays', async () => (make = await status()).dead === 3);
		expect(make).toMatchObject({
			queued: 0,
			inFlight: 0,
			failing: 0,
			delivered: 0,
			lastError: 'HTTP 500',
		});
		// Three attempts each: the first and the two retries of the schedule.
		expect(destination.received.filter((d) => d.status === 500)).toHaveLength(9);

		answer = 200;
		const one = await gatewayCli('replay', '--destination', 'make', '--event', 'dl_2');
		expect(one).toMatchObject({ code: 0, stdout: expect.stringContaining('replaying 1 ') });
		await waitUntil('the replayed event', () => deliveredIds().includes('dl_2'));
		const rest = await gatewayCli('replay', '--destination', 'make', '--since', '1h');
		expect(rest.stdout).toContain('replaying 2 ');
		await waitUntil('every replayed event', () => deliveredIds().length === 3);
		expect(deliveredIds().sort()).toEqual(['dl_1', 'dl_2', 'dl_3']);
		await waitUntil(
			'the status to show them delivered',
			async () => (await status()).delivered === 3,
		);
		expect(await status()).toMatchObject({ dead: 0, delivered: 3 });
	}, 120_000);

	test('410 Gone pauses the destination, and resume restarts it', async () => {
		answer = 410;
		expect((await postFlowella(`${gateway.url}/in/wa`, 'gone_1')).status).toBe(200);
		await waitUntil('the destination to be paused', async () => (await status()).paused === true);
		expect(await status()).toMatchObject({
			paused: true,
			pausedReason: expect.stringContaining('410'),
			queued: 0,
			failing: 1,
		});
		// Paused: a new event is acknowledged and queued, and nothing is sent.
		const sentBefore = destination.received.length;
		expect((await postFlowella(`${gateway.url}/in/wa`, 'gone_2')).status).toBe(200);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(destination.received.length).toBe(sentBefore);

		answer = 200;
		const resumed = await gatewayCli('resume', '--destination', 'make');
		expect(resumed).toMatchObject({ code: 0, stdout: expect.stringContaining('resumed make') });
		await waitUntil('both events after resume', () =>
			['gone_1', 'gone_2'].every((id) => deliveredIds().includes(id)),
		);
		expect(await status()).toMatchObject({ paused: false, delivered: 5 });
		const again = await gatewayCli('resume', '--destination', 'make');
		expect(again.stdout).toContain('was not paused');
		const unknown = await gatewayCli('resume', '--destination', 'nope');
		expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining('known: make') });
	}, 120_000);
});
