import { profiles } from '../../shared';
import type { RunningProvider } from '../../provider/start-provider';
import { call, createAccount, emit, startTestProvider } from './helpers/provider-fixture';
import { TestReceiver, type Received } from './helpers/test-receiver';

// Each persona's retry policy, run on a compressed clock (--time-scale). Gaps between attempts
// are checked as lower bounds only (a busy machine can only make them longer).

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

describe.each(['velaflows', 'vellocity', 'flowella', 'inboundflow'])('%s delivery policy', (id) => {
	const policy = profiles[id]?.delivery;
	if (!policy) throw new Error('no policy');
	const firstEvent =
		profiles[id]?.events.find((e) => !profiles[id]?.testEventTypes.includes(e.type))?.type ?? '';
	// Compress the whole retry schedule into about 1.5 s.
	const total = policy.retryDelaysSeconds.reduce((a, b) => a + b, 0);
	const timeScale = Math.max(1, (total * 1000) / 1500);

	test(`a failing receiver gets 1 + ${policy.retryDelaysSeconds.length} attempts, spaced by the profile's backoff`, async () => {
		const s = await setup(id, timeScale, [firstEvent]);
		try {
			s.receiver.respond = () => 500;
			await emit(s.provider, id, s.account, firstEvent);
			const expected = 1 + policy.retryDelaysSeconds.length;
			await s.receiver.waitFor((r) => r.length >= expected, 15_000);
			await settle(300);
			expect(s.receiver.received).toHaveLength(expected);
			const times = s.receiver.received.map((d) => d.at);
			policy.retryDelaysSeconds.forEach((seconds, i) => {
				const gap = (times[i + 1] ?? 0) - (times[i] ?? 0);
				expect(gap).toBeGreaterThanOrEqual((seconds * 1000) / timeScale - 2);
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

describe.each(['flowella', 'inboundflow', 'vellocity'])('%s auto-disable', (id) => {
	const threshold = profiles[id]?.delivery.autoDisableAfter ?? 0;
	const type = profiles[id]?.events[0]?.type ?? '';

	test(`disables after ${threshold} consecutive failures; re-enabling resumes delivery`, async () => {
		const s = await setup(id, 1000, [type]);
		try {
			s.receiver.respond = () => 500;
			for (let i = 0; i < threshold; i++) await emit(s.provider, id, s.account, type);
			await s.receiver.waitFor((r) => r.length >= threshold);
			await settle(700);
			const failedAttempts = s.receiver.received.length;
			// The threshold, plus at most the attempts already in flight when it was reached.
			expect(failedAttempts).toBeGreaterThanOrEqual(threshold);
			expect(failedAttempts).toBeLessThan(threshold * 2);
			await settle(700);
			expect(s.receiver.received).toHaveLength(failedAttempts);
			expect((await emit(s.provider, id, s.account, type)).deliveries).toEqual([]);
			const state = await call(
				'GET',
				`${s.provider.url}/_admin/${id}/accounts/${s.account}/webhook`,
			);
			expect(state.body).toMatchObject({ active: false, disabledReason: 'auto' });
			expect(state.body.failureCount).toBeGreaterThanOrEqual(threshold);
			const enable =
				id === 'vellocity'
					? await enableVellocity(s)
					: await call(
							'POST',
							`${s.provider.url}/_admin/${id}/accounts/${s.account}/webhook/enable`,
						);
			expect(enable.status).toBe(200);
			s.receiver.respond = () => 200;
			const delivered = () =>
				new Set(s.receiver.received.filter((d) => d.status === 200).map((d) => d.event?.id));
			await s.receiver.waitFor(() => delivered().size >= 1);
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
