import { createServer } from 'node:net';
import type { RunningProvider } from '../../provider/start-provider';
import { createAccount, emit, startTestProvider } from '../provider/helpers/provider-fixture';
import { TestReceiver } from '../provider/helpers/test-receiver';
import { SubscriptionClient } from '../../cli/http/subscription-client';
import {
	RELAY_SECRET,
	startGatewayProcess,
	tempDir,
	waitUntil,
	writeConfig,
	type GatewayProcess,
} from './helpers/gateway-fixture';

// API providers: the gateway registers its own webhook through the provider's API (the
// reference provider's VelaFlows and Vellocity personas), verifies with the secret it was
// given, keeps that secret in its store, and on a restart keeps the same webhook instead of
// adding another.
let provider: RunningProvider;
let destination: TestReceiver;
let gateway: GatewayProcess | undefined;

beforeAll(async () => {
	provider = await startTestProvider({ timeScale: 1000 });
	destination = await new TestReceiver({
		provider: 'standard-webhooks',
		secrets: { '/relay': RELAY_SECRET },
	}).start();
}, 60_000);

afterAll(async () => {
	await gateway?.process.stop();
	await destination?.stop();
	await provider?.close();
});

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer().listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() =>
				typeof address === 'object' && address ? resolve(address.port) : reject(),
			);
		});
	});
}

const relayedIds = () =>
	destination.received
		.filter((d) => d.status === 200 && d.independentlyVerified)
		.map((d) => JSON.parse(d.body.toString()).id as string);

test('the gateway keeps one webhook registered per API source, across restarts', async () => {
	const vela = await createAccount(provider, 'velaflows');
	const vell = await createAccount(provider, 'vellocity');
	const port = await freePort();
	const dir = tempDir();
	const publicUrl = (id: string) => `http://127.0.0.1:${port}/in/${id}`;
	const config = writeConfig(dir, {
		store: `sqlite:${dir}/gateway.sqlite`,
		listen: { host: '127.0.0.1', port },
		allowLoopback: true,
		sources: [
			{
				id: 'vela',
				provider: 'velaflows',
				subscribe: {
					apiKey: vela.apiKey,
					workspace: vela.id,
					baseUrl: provider.personas.velaflows,
					publicUrl: publicUrl('vela'),
					events: ['inbox.message.received'],
				},
			},
			{
				id: 'listings',
				provider: 'vellocity',
				subscribe: {
					apiKey: vell.apiKey,
					baseUrl: provider.personas.vellocity,
					publicUrl: publicUrl('listings'),
				},
			},
		],
		destinations: [{ id: 'zap', url: `${destination.url}/relay`, secret: RELAY_SECRET }],
	});
	const velaClient = new SubscriptionClient('velaflows', {
		apiKey: vela.apiKey,
		workspaceId: vela.id,
		baseUrl: provider.personas.velaflows,
	});
	const vellClient = new SubscriptionClient('vellocity', {
		apiKey: vell.apiKey,
		baseUrl: provider.personas.vellocity,
	});

	gateway = await startGatewayProcess(config);
	expect((await velaClient.list()).map((s) => [s.url, s.events])).toEqual([
		[publicUrl('vela'), ['inbox.message.received']],
	]);
	expect((await vellClient.list()).map((s) => s.url)).toEqual([publicUrl('listings')]);
	const first = await emit(provider, 'velaflows', vela.id, 'inbox.message.received');
	const second = await emit(provider, 'vellocity', vell.id, 'listing.updated');
	await waitUntil('both events relayed', () =>
		[first.eventId, second.eventId].every((id) => relayedIds().includes(id)),
	);
	const secretsInLog = gateway.process.stdout;

	// A restart finds its webhooks and the secrets it saved: no new webhook, same verification.
	expect(await gateway.process.stop()).toBe(0);
	gateway = await startGatewayProcess(config);
	expect(gateway.logs().filter((l) => l.event === 'subscription.kept')).toHaveLength(2);
	expect(await velaClient.list()).toHaveLength(1);
	expect(await vellClient.list()).toHaveLength(1);
	const third = await emit(provider, 'velaflows', vela.id, 'inbox.message.received');
	await waitUntil('the event after the restart relayed', () =>
		relayedIds().includes(third.eventId),
	);
	// The API keys never reach the logs.
	for (const key of [vela.apiKey, vell.apiKey]) {
		expect(secretsInLog + gateway.process.stdout + gateway.process.stderr).not.toContain(key);
	}
}, 120_000);
