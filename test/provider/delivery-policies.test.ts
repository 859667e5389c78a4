import { profiles } from '../../shared';
import type { RunningProvider } from '../../provider/start-provider';
import { DOCUMENTED_POLICIES, type Persona } from '../helpers/documented-policies';
import { call, createAccount, emit, startTestProvider } from './helpers/provider-fixture';
import { TestReceiver, type Received } from './helpers/test-receiver';

// No child processes, but a provider and a receiver per test and waits of up to 15 s below:
// more than jest's 5 s default allows on a busy machine.
jest.setTimeout(30_000);

// Each persona's retry policy, run on a compressed clock (--time-scale). Every expected number
// comes from the providers' docs, written out in test/helpers/documented-policies.ts (assumed
// ones marked), never from the profile under test. Gaps between attempts are checked as lower
// bounds only (a busy machine can only make them longer); the clock is set from the documented
// schedule, not the profile's, so a profile with shorter delays gives shorter gaps and fails.

interface Setup {
	provider: RunningProvider;
	receiver: TestReceiver;
	account: string;
	webhookId: string;
}

/** A provider on a compressed clock with one webhook of `id` pointing at a fresh receiver. */
async function setup(id: string, timeScale: number, events: string[]): Promise<Setup> {
	const provider = await startTestProvider({ timeScale });
	const receiver = await new TestReceiver({ provider: id, secrets: {} }).start();
	const account = await createAccount(provider, id, id === 'vellocity' ? 'enterprise' : undefined);
	const url = `${receiver.url}/hook`;
	let webhookId: string;
	if (id === 'velaflows') {
		const r = await call(
			'POST',
			`${provider.personas.velaflows}/integrations/webhooks`,
			{ url, events, secret: 'whsec_policy' },
			{ authorization: `Bearer ${account.apiKey}`, 'x-workspace-id': account.id },
		);
		receiver.setSecret('/hook', 'whsec_policy');
		webhookId = r.body.data.subscription._id;
	} else if (id === 'vellocity') {
		const r = await call(
			'POST',
			`${provider.personas.vellocity}/partners/webhooks`,
			{ url, events },
			{ authorization: `Bearer ${account.apiKey}` },
		);
		receiver.setSecret('/hook', r.body.meta.secret);
		webhookId = String(r.body.data.id);
	} else {
		const r = await call('PUT', `${provider.url}/_admin/${id}/accounts/${account.id}/webhook`, {
			url,
			events,
			secret: 'policy-secret',
		});
		receiver.setSecret('/hook', r.body.secret ?? 'policy-secret');
		webhookId = r.body.id;
	}
	return { provider, receiver, account: account.id, webhookId };
}

async function teardown(s: Setup) {
	await s.provider.close();
	await s.receiver.stop();
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const deliveryIdOf = (d: Received) => d.event?.deliveryId ?? d.event?.id;

const PERSONAS: Persona[] = ['velaflows', 'vellocity', 'flowella', 'inboundflow'];

describe.each(PERSONAS)('%s delivery policy', (id) => {
	const documented = DOCUMENTED_POLICIES[id];
	const firstEvent =
		profiles[id]?.events.find((e) => !profiles[id]?.testEventTypes.includes(e.type))?.type ?? '';
	// Compress the documented retry schedule into about 1.5 s.
	const total = documented.retryDelaysSeconds.reduce((a, b) => a + b, 0);
	const timeScale = (total * 1000) / 1500;

	test('the profile states the documented policy; assumed numbers stay inside the documented bounds', () => {
		const policy = profiles[id]?.delivery;
		expect(policy).toMatchObject({
			timeoutMs: documented.timeoutMs,
			retryDelaysSeconds: documented.retryDelaysSeconds,
			retryWindowSeconds: documented.retryWindowSeconds,
			autoDisableAfter: documented.autoDisableAfter,
			disableOnStatus: documented.disableOnStatus,
		});
		const delays = policy?.retryDelaysSeconds ?? [];
		const { maxRetries, retryWindowSeconds, growingDelays } = documented.documentedBounds;
		if (maxRetries !== undefined) expect(delays.length).toBeLessThanOrEqual(maxRetries);
		if (retryWindowSeconds !== undefined)
			expect(delays.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(retryWindowSeconds);
		if (growingDelays)
			delays.slice(1).forEach((delay, i) => expect(delay).toBeGreaterThan(delays[i] ?? Infinity));
	});

	test(`a failing receiver gets 1 + ${documented.retryDelaysSeconds.length} attempts, spaced by ${documented.retryDelaysSeconds.join(', ')} s`, async () => {
		const s = await setup(id, timeScale, [firstEvent]);
		try {
			s.receiver.respond = () => 500;
			await emit(s.provider, id, s.account, firstEvent);
			const expected = 1 + documented.retryDelaysSeconds.length;
			await s.receiver.waitFor((r) => r.length >= expected, 15_000);
			await settle(300);
			expect(s.receiver.received).toHaveLength(expected);
			const times = s.receiver.received.map((d) => d.at);
			documented.retryDelaysSeconds.forEach((seconds, i) => {
				const gap = (times[i + 1] ?? 0) - (times[i] ?? 0);
				// 1 ms for the millisecond clocks' rounding.
				expect(gap).toBeGreaterThanOrEqual((seconds * 1000) / timeScale - 1);
			});
			// Every attempt is the same event, signed afresh, and verifies.
			expect(new Set(s.receiver.received.map((d) => d.event?.id)).size).toBe(1);
			expect(new Set(s.receiver.received.map(deliveryIdOf)).size).toBe(1);
			expect(s.receiver.received.every((d) => d.independentlyVerified)).toBe(true);
			const stats = await call('GET', `${s.provider.url}/_admin/${id}/stats`);
			expect(stats.body.deliveries).toEqual({ failed: 1 });
		} finally {
			await teardown(s);
		}
	});

	test('a receiver that recovers gets the event on the retry; 3xx counts as a failure', async () => {
		const s = await setup(id, timeScale, [firstEvent]);
		try {
			s.receiver.respond = (_d, index) => (index === 0 ? 302 : index === 1 ? 503 : 200);
			await emit(s.provider, id, s.account, firstEvent);
			await s.receiver.waitFor((r) => r.some((d) => d.status === 200));
			expect(s.receiver.received.map((d) => d.status)).toEqual([302, 503, 200]);
			// The receiver answers before the provider commits the attempt: wait for the log.
			const readLog = () =>
				call('GET', `${s.provider.url}/_admin/${id}/deliveries?account=${s.account}`);
			let log = await readLog();
			for (let i = 0; i < 100 && log.body.deliveries.length < 3; i++) {
				await settle(20);
				log = await readLog();
			}
			expect(
				log.body.deliveries.map((d: { status: string; attempt: number }) => [d.attempt, d.status]),
			).toEqual([
				[3, 'succeeded'],
				[2, 'failed'],
				[1, 'failed'],
			]);
		} finally {
			await teardown(s);
		}
	});

	test('410 Gone disables the subscription at once', async () => {
		const s = await setup(id, timeScale, [firstEvent]);
		try {
			s.receiver.respond = () => 410;
			await emit(s.provider, id, s.account, firstEvent);
			await s.receiver.waitFor((r) => r.length === 1);
			await settle(200);
			expect(s.receiver.received).toHaveLength(1);
			const next = await emit(s.provider, id, s.account, firstEvent);
			expect(next.deliveries).toEqual([]);
		} finally {
			await teardown(s);
		}
	});
});

describe.each(['flowella', 'inboundflow', 'vellocity'] as const)('%s auto-disable', (id) => {
	const threshold = DOCUMENTED_POLICIES[id].autoDisableAfter ?? 0;
	const type = profiles[id]?.events[0]?.type ?? '';

	test(`disables after exactly ${threshold} consecutive failures, not before; re-enabling resumes delivery`, async () => {
		// Real time: the first retry is at least 30 s away, so every failure counted here is a
		// first attempt, one per event, and the count is exact.
		const s = await setup(id, 1, [type]);
		const webhook = async () =>
			(await call('GET', `${s.provider.url}/_admin/${id}/accounts/${s.account}/webhook`)).body as {
				active: boolean;
				disabledReason: string | null;
				failureCount: number;
			};
		/** The receiver answers before the provider commits the attempt: wait for the count. */
		const failuresReach = async (count: number) => {
			for (let i = 0; i < 250 && (await webhook()).failureCount < count; i++) await settle(20);
			return webhook();
		};
		try {
			s.receiver.respond = () => 500;
			for (let i = 0; i < threshold - 1; i++) await emit(s.provider, id, s.account, type);
			await s.receiver.waitFor((r) => r.length >= threshold - 1);
			expect(await failuresReach(threshold - 1)).toMatchObject({
				active: true,
				failureCount: threshold - 1,
			});
			expect((await emit(s.provider, id, s.account, type)).deliveries).toHaveLength(1);
			await s.receiver.waitFor((r) => r.length >= threshold);
			expect(await failuresReach(threshold)).toMatchObject({
				active: false,
				disabledReason: 'auto',
				failureCount: threshold,
			});
			expect(s.receiver.received).toHaveLength(threshold);
			expect((await emit(s.provider, id, s.account, type)).deliveries).toEqual([]);
			const enable =
				id === 'vellocity'
					? await enableVellocity(s)
					: await call(
							'POST',
							`${s.provider.url}/_admin/${id}/accounts/${s.account}/webhook/enable`,
						);
			expect(enable.status).toBe(200);
			s.receiver.respond = () => 200;
			const after = await emit(s.provider, id, s.account, type);
			expect(after.deliveries).toHaveLength(1);
			// InboundFlow's event id is the delivery id; the others carry the event id.
			const isAfter = (d: Received) =>
				d.event?.id === after.eventId || d.event?.id === after.deliveries[0];
			await s.receiver.waitFor((r) => r.some((d) => d.status === 200 && isAfter(d)));
		} finally {
			await teardown(s);
		}
	});
});

/** Vellocity has no enable call in its docs; the admin dashboard re-enables like the others. */
async function enableVellocity(s: Setup) {
	return call('POST', `${s.provider.url}/_admin/vellocity/accounts/${s.account}/webhook/enable`);
}
