import { createHmac } from 'node:crypto';
import { profiles } from '../../shared';
import { zCacheDedupe } from '../../zapier/src/z-cache-dedupe';
import { NOW_SECONDS, secretFor, signedDelivery } from '../helpers/signed-delivery';
import { appFor, appTester, hookBundle, operation } from './app-fixture';

// Static hooks: the user pastes the Zap's URL into the provider's dashboard and the signing
// secret into the connection. appTester's in-memory z.cache stands in for Zapier's RPC.
const now = () => Math.floor(Date.now() / 1000);

describe.each(['flowella', 'inboundflow', 'standard-webhooks'])('%s static-hook app', (id) => {
	const profile = profiles[id];
	if (!profile) throw new Error('no profile');
	const app = appFor(id);
	const tester = appTester(app);
	const sample = profile.events[0]?.sample ?? profile.anyEventSample ?? {};
	const type = String(sample.event ?? sample.type);
	const trigger = operation(app, profile.events.length ? type : 'anyEvent');
	const secret = secretFor(id);
	const body = JSON.stringify(sample);
	const signed = (key = secret, timestamp = now()) =>
		signedDelivery(id, body, key, { timestamp, messageId: `msg_${timestamp}_${key.length}` });

	test("perform verifies with the connection's signing secret and returns the event once", async () => {
		const bundle = hookBundle({
			content: body,
			headers: signed().headers,
			authData: { signingSecret: secret },
		});
		const [event] = (await tester(trigger.perform as never, bundle)) as Array<
			Record<string, unknown>
		>;
		expect(event).toMatchObject({ provider: id, type, verified: true });
		await expect(tester(trigger.perform as never, bundle)).resolves.toEqual([]);
	});

	test('during a rotation the previous secret is accepted too', async () => {
		const bundle = hookBundle({
			content: body,
			headers: signed(secretFor(id, 'o')).headers,
			authData: { signingSecret: secret, previousSigningSecret: secretFor(id, 'o') },
		});
		await expect(tester(trigger.perform as never, bundle)).resolves.toHaveLength(1);
	});

	test('a forged delivery is refused with a clear error', async () => {
		const bundle = hookBundle({
			content: body,
			headers: signed(secretFor(id, 'z')).headers,
			authData: { signingSecret: secret },
		});
		await expect(tester(trigger.perform as never, bundle)).rejects.toThrow(/signature_mismatch/);
	});

	if (profile.signature.timestampHeader) {
		test('a stale delivery (timestamp ten minutes old) is refused', async () => {
			const bundle = hookBundle({
				content: body,
				headers: signed(secret, now() - 600).headers,
				authData: { signingSecret: secret },
			});
			await expect(tester(trigger.perform as never, bundle)).rejects.toThrow(/timestamp_too_old/);
		});
	}

	test('no secret in the connection: every delivery refused, and the connection test says what to do', async () => {
		const bundle = hookBundle({ content: body, headers: signed().headers, authData: {} });
		await expect(tester(trigger.perform as never, bundle)).rejects.toThrow(/missing_secret/);
		await expect(tester(app.authentication.test as never, { authData: {} })).rejects.toThrow(
			/Enter the signing secret/,
		);
		await expect(
			tester(app.authentication.test as never, { authData: { signingSecret: secret } }),
		).resolves.toEqual({ signed: true });
	});
});

test('InboundFlow without a signing secret works only with the explicit opt-in, and says so', async () => {
	const app = appFor('inboundflow');
	const tester = appTester(app);
	const body = JSON.stringify(profiles.inboundflow?.events[1]?.sample);
	const headers = { 'x-inboundflow-timestamp': String(NOW_SECONDS) };
	const trigger = operation(app, 'call.transferred');
	await expect(
		tester(trigger.perform as never, hookBundle({ content: body, headers, authData: {} })),
	).rejects.toThrow(/missing_secret/);
	const [event] = (await tester(
		trigger.perform as never,
		hookBundle({ content: body, headers, authData: { allowUnsigned: 'true' } }),
	)) as Array<Record<string, unknown>>;
	expect(event).toMatchObject({ type: 'call.transferred', verified: false });
});

test('when z.cache cannot be reached, the event is delivered rather than dropped', async () => {
	const unreachable = {
		cache: {
			get: () => Promise.reject(new Error('rpc is not available')),
			set: () => Promise.reject(new Error('x')),
			delete: () => Promise.reject(new Error('x')),
		},
	};
	const store = zCacheDedupe(unreachable as never);
	expect(await store.remember('k', 60, 0)).toBe(false);
	expect(await store.remember('k', 60, 0)).toBe(false);
	await expect(store.forget('k')).resolves.toBeUndefined();
});

test('Standard Webhooks: a connection secret that cannot be a key is refused at connect and at perform', async () => {
	const app = appFor('standard-webhooks');
	const tester = appTester(app);
	const body = JSON.stringify(profiles['standard-webhooks']?.anyEventSample);
	const timestamp = String(now());
	// HMAC-SHA256 under a zero-length key: what a `whsec_` secret would have verified.
	const forged = createHmac('sha256', Buffer.alloc(0))
		.update(`msg_1.${timestamp}.${body}`)
		.digest('base64');
	const headers = {
		'webhook-id': 'msg_1',
		'webhook-timestamp': timestamp,
		'webhook-signature': `v1,${forged}`,
	};
	for (const secret of ['whsec_', 'whsec_!!!!', 'whsec_====', 'whsec_a']) {
		await expect(
			tester(app.authentication.test as never, { authData: { signingSecret: secret } }),
		).rejects.toThrow(/cannot verify anything/);
		await expect(
			tester(app.authentication.test as never, {
				authData: { signingSecret: secretFor('standard-webhooks'), previousSigningSecret: secret },
			}),
		).rejects.toThrow(/cannot verify anything/);
		const bundle = hookBundle({ content: body, headers, authData: { signingSecret: secret } });
		await expect(tester(operation(app, 'anyEvent').perform as never, bundle)).rejects.toThrow(
			/invalid_secret/,
		);
	}
});
