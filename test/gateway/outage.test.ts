import type { RunningProvider } from '../../provider/start-provider';
import { call, createAccount, emit, startTestProvider } from '../provider/helpers/provider-fixture';
import { startRedis, type RunningRedis } from '../helpers/redis-server';
import { TestReceiver } from '../provider/helpers/test-receiver';
import {
	RELAY_SECRET,
	startGatewayProcess,
	tempDir,
	waitUntil,
	writeConfig,
	type GatewayProcess,
} from './helpers/gateway-fixture';

// Test 1 of the gateway issue. Flowella and InboundFlow (the reference provider's personas, with
// their real retry and auto-disable policies) deliver to a real `hookbridge gateway` process,
// which relays to a destination that is down for longer than the providers' 10 consecutive
// failures would take. With `listen --forward` the webhooks would be auto-disabled; through the
// gateway they stay active with no failure, and every event arrives once the destination is up.
// On both stores: a SQLite file, and a real redis-server started for the suite.
const EVENTS_PER_PROVIDER = 25;
const INBOUND_SECRET = 'inbound-outage-secret';

describe.each(['sqlite', 'redis'] as const)('on %s', (kind) => {
	let provider: RunningProvider;
	let destination: TestReceiver;
	let gateway: GatewayProcess;
	let down = true;
	let redis: RunningRedis | undefined;

	beforeAll(async () => {
		provider = await startTestProvider({ timeScale: 1000 });
		if (kind === 'redis') redis = await startRedis();
		destination = await new TestReceiver({
			provider: 'standard-webhooks',
			secrets: { '/relay': RELAY_SECRET },
		}).start();
		destination.respond = () => (down ? 503 : 200);
	}, 60_000);

	afterAll(async () => {
		await gateway?.process.stop();
		await destination?.stop();
		await provider?.close();
		await redis?.stop();
	});

	async function dashboard(persona: 'flowella' | 'inboundflow') {
		const account = await createAccount(provider, persona);
		return { account, url: `${provider.url}/_admin/${persona}/accounts/${account.id}/webhook` };
	}

	test(`a destination outage never reaches the provider: ${EVENTS_PER_PROVIDER} events each from Flowella and InboundFlow`, async () => {
		const flowella = await dashboard('flowella');
		const inbound = await dashboard('inboundflow');
		// Flowella generates the secret when the webhook is added; the URL is set again once the
		// gateway's port is known (the secret stays the same).
		const added = await call('PUT', flowella.url, {
			url: 'https://placeholder.example/in',
			events: ['message.received'],
		});
		const flowellaSecret = added.body.secret as string;
		const dir = tempDir();
		gateway = await startGatewayProcess(
			writeConfig(dir, {
				store: redis ? redis.url : `sqlite:${dir}/gateway.sqlite`,
				listen: { host: '127.0.0.1', port: 0 },
				allowLoopback: true,
				sources: [
					{ id: 'flowella-main', provider: 'flowella', secrets: [flowellaSecret] },
					{ id: 'calls', provider: 'inboundflow', secrets: [INBOUND_SECRET] },
				],
				destinations: [
					{
						id: 'make',
						url: `${destination.url}/relay`,
						secret: RELAY_SECRET,
						// Seconds, divided by the time scale: about 5 s of retries in all.
						retrySchedule: [1, 2, 4, 8, 16, 32, 64, 128, 256],
					},
				],
			}),
			{ timeScale: 100 },
		);
		await call('PUT', flowella.url, {
			url: `${gateway.url}/in/flowella-main`,
			events: ['message.received'],
		});
		await call('PUT', inbound.url, {
			url: `${gateway.url}/in/calls`,
			events: ['call.completed'],
			secret: INBOUND_SECRET,
		});

		const expected = new Set<string>();
		for (let i = 0; i < EVENTS_PER_PROVIDER; i++) {
			expected.add(
				(await emit(provider, 'flowella', flowella.account.id, 'message.received')).eventId,
			);
			const call = await emit(provider, 'inboundflow', inbound.account.id, 'call.completed');
			// InboundFlow's event id is its delivery id (its docs dedupe on delivery_id).
			expected.add(call.deliveries[0] ?? '');
		}
		const refusedByDestination = () => destination.received.filter((d) => d.status === 503).length;
		const acknowledged = async (persona: string, account: string) => {
			const log = await call(
				'GET',
				`${provider.url}/_admin/${persona}/deliveries?account=${account}`,
			);
			const entries = log.body.deliveries as Array<{ status: string }>;
			return entries.filter((d) => d.status === 'succeeded').length;
		};
		await waitUntil(
			'the providers to see every delivery acknowledged',
			async () =>
				(await acknowledged('flowella', flowella.account.id)) === EVENTS_PER_PROVIDER &&
				(await acknowledged('inboundflow', inbound.account.id)) === EVENTS_PER_PROVIDER,
		);
		// Longer than the providers' 10 consecutive failures would take: the destination has
		// refused more than 2 × 10 relay attempts before it comes back.
		await waitUntil(
			'the destination to refuse more than 20 attempts',
			() => refusedByDestination() > 20,
		);

		for (const persona of [flowella, inbound]) {
			const webhook = (await call('GET', persona.url)).body;
			expect(webhook).toMatchObject({ active: true, failureCount: 0 });
		}
		down = false;
		// The relayed body is the normalised event: its `id` is the provider's event id.
		const delivered = () =>
			new Set(
				destination.received
					.filter((d) => d.status === 200 && d.independentlyVerified)
					.map((d) => String((JSON.parse(d.body.toString()) as { id: unknown }).id)),
			);
		await waitUntil('every event to reach the destination', () =>
			[...expected].every((id) => delivered().has(id)),
		);
		const lost = [...expected].filter((id) => !delivered().has(id));
		console.log(
			`outage (${kind}): ${expected.size} events acknowledged, ${refusedByDestination()} relay attempts refused while down, ${delivered().size} delivered after recovery, ${lost.length} lost`,
		);
		expect(lost).toEqual([]);
		for (const persona of [flowella, inbound]) {
			expect((await call('GET', persona.url)).body).toMatchObject({
				active: true,
				failureCount: 0,
			});
		}
	}, 180_000);
});
