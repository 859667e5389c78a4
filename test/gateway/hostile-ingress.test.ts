import { createHmac } from 'node:crypto';
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
import { FLOWELLA_SECRET, flowellaBody, postFlowella } from './helpers/sender';

// Test 4 of the gateway issue: forged, stale and oversize deliveries to a real gateway process
// are refused with the core's codes, nothing is enqueued and nothing is relayed; one genuine
// delivery after them goes through, so the path under test is the one that relays. On both
// stores: a SQLite file, and a real redis-server started for the suite.
const INBOUND_SECRET = 'inbound-hostile-secret';
const MAX_BYTES = 4096;
const FORGERIES = 20;

describe.each(['sqlite', 'redis'] as const)('on %s', (kind) => {
	let destination: TestReceiver;
	let gateway: GatewayProcess;
	let config: string;
	let redis: RunningRedis | undefined;

	beforeAll(async () => {
		destination = await new TestReceiver({
			provider: 'standard-webhooks',
			secrets: { '/relay': RELAY_SECRET },
		}).start();
		const dir = tempDir();
		if (kind === 'redis') redis = await startRedis();
		config = writeConfig(dir, {
			store: redis ? redis.url : `sqlite:${dir}/gateway.sqlite`,
			listen: { host: '127.0.0.1', port: 0 },
			allowLoopback: true,
			maxBytes: MAX_BYTES,
			sources: [
				{ id: 'wa', provider: 'flowella', secrets: [FLOWELLA_SECRET] },
				{ id: 'calls', provider: 'inboundflow', secrets: [INBOUND_SECRET] },
			],
			destinations: [{ id: 'make', url: `${destination.url}/relay`, secret: RELAY_SECRET }],
		});
		gateway = await startGatewayProcess(config);
	}, 90_000);

	afterAll(async () => {
		await gateway?.process.stop();
		await destination?.stop();
		await redis?.stop();
	});

	async function postInbound(timestamp: number, id: string) {
		const body = JSON.stringify({ event: 'call.completed', timestamp, delivery_id: id, data: {} });
		const signature = createHmac('sha256', INBOUND_SECRET)
			.update(`${timestamp}.${body}`)
			.digest('hex');
		const response = await fetch(`${gateway.url}/in/calls`, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				'x-inboundflow-timestamp': String(timestamp),
				'x-inboundflow-signature': `sha256=${signature}`,
			},
			body,
		});
		return {
			status: response.status,
			body: (await response.json()) as { error?: { code: string } },
		};
	}

	test('forged, stale and oversize deliveries are refused; nothing is enqueued or relayed', async () => {
		const codes: string[] = [];
		for (let i = 0; i < FORGERIES; i++) {
			const forged = await postFlowella(`${gateway.url}/in/wa`, `forged_${i}`, {
				secret: `fl_whsec_not-the-secret-${i}`,
			});
			expect(forged.status).toBe(401);
			codes.push(forged.body.error?.code ?? '');
		}
		const unsigned = await fetch(`${gateway.url}/in/wa`, {
			method: 'POST',
			body: flowellaBody('x'),
		});
		expect(unsigned.status).toBe(401);
		const nowSeconds = Math.floor(Date.now() / 1000);
		const stale = await postInbound(nowSeconds - 3600, 'stale_1');
		expect(stale).toMatchObject({ status: 401, body: { error: { code: 'timestamp_too_old' } } });
		const oversize = await postFlowella(`${gateway.url}/in/wa`, 'big_1', { padding: MAX_BYTES });
		expect(oversize).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
		const unknown = await fetch(`${gateway.url}/in/nobody`, { method: 'POST', body: '{}' });
		expect(unknown.status).toBe(404);
		expect(new Set(codes)).toEqual(new Set(['signature_mismatch']));

		// The store saw none of them as an event, and counted each refusal by its code (refusal
		// counters are written within a second, not one commit each: a flood must not cost fsyncs).
		let parsed: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- status JSON
		await waitUntil('the refusals to be counted', async () => {
			const status = await hookbridge(['gateway', 'status', '--json', '--config', config]);
			expect(status.code).toBe(0);
			parsed = JSON.parse(status.stdout);
			return parsed.sources.wa?.refused?.signature_mismatch === FORGERIES;
		});
		expect(parsed.sources.wa).toMatchObject({
			received: 0,
			duplicates: 0,
			refused: { signature_mismatch: FORGERIES, missing_signature: 1, payload_too_large: 1 },
		});
		expect(parsed.sources.calls).toMatchObject({ received: 0, refused: { timestamp_too_old: 1 } });
		expect(parsed.destinations.make ?? { queued: 0, inFlight: 0, delivered: 0 }).toMatchObject({
			queued: 0,
			inFlight: 0,
			delivered: 0,
		});

		// A genuine delivery takes the same route and is relayed: the refusals above were real ones.
		expect((await postFlowella(`${gateway.url}/in/wa`, 'genuine_1')).status).toBe(200);
		expect((await postInbound(nowSeconds, 'genuine_2')).status).toBe(200);
		await waitUntil('the genuine events to be relayed', () => destination.received.length >= 2);
		await new Promise((resolve) => setTimeout(resolve, 500));
		const relayed = destination.received.map((d) => JSON.parse(d.body.toString()).id as string);
		console.log(
			`hostile ingress (${kind}): ${FORGERIES + 4} refused, ${relayed.length} relayed (${relayed.join(', ')})`,
		);
		expect(relayed.sort()).toEqual(['genuine_1', 'genuine_2']);
		expect(destination.received.every((d) => d.independentlyVerified)).toBe(true);
		// Secrets never reach the logs.
		for (const secret of [FLOWELLA_SECRET, INBOUND_SECRET, RELAY_SECRET]) {
			expect(gateway.process.stdout + gateway.process.stderr).not.toContain(secret);
		}
	}, 120_000);
});
