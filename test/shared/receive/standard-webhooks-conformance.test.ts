import { createHmac } from 'node:crypto';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import { checkSecret, receive, WebhookError, type ReceiveOptions } from '../../../shared';
import type { Delivery } from '../../../shared/receive/types';

// Standard Webhooks as the spec's reference library (standardwebhooks) and svix read it: they,
// and node:crypto, are the oracles here; hookbridge's own signer is never used.

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
// The libraries read the real clock, so this suite signs at the real time.
const NOW_SECONDS = Math.floor(Date.now() / 1000);
const options: ReceiveOptions = { secrets: SECRET, now: NOW_SECONDS * 1000, dedupe: false };
const body = JSON.stringify({ type: 'contact.created', timestamp: '2026-02-25T06:13:20.000Z' });

/** The reference library's signature for this message id, time and body. */
function referenceSignature(id: string, secret = SECRET): string {
	return new StandardWebhook(secret).sign(id, new Date(NOW_SECONDS * 1000), body);
}

function delivery(signature: string, id = 'msg_1'): Delivery {
	return {
		body,
		headers: {
			'webhook-id': id,
			'webhook-timestamp': String(NOW_SECONDS),
			'webhook-signature': signature,
		},
	};
}

async function outcome(given: Delivery, extra: ReceiveOptions = {}): Promise<string> {
	try {
		return (await receive('standard-webhooks', given, { ...options, ...extra })).id;
	} catch (error) {
		if (error instanceof WebhookError) return error.code;
		throw error;
	}
}

test("the spec's known-answer vector is accepted (key, id, time and body from its examples)", async () => {
	const payload = '{"test": 2432232314}';
	const headers = {
		'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
		'webhook-timestamp': '1614265330',
		'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
	};
	const event = await receive(
		'standard-webhooks',
		{ body: payload, headers },
		{ secrets: SECRET, now: 1_614_265_330_000, dedupe: false },
	);
	expect(event.id).toBe('msg_p5jXN8AQM9LWM0D4loKWxJek');
});

describe('secrets that cannot be a key are refused with invalid_secret', () => {
	const unusable = ['whsec_', 'whsec_!!!!', 'whsec_====', 'whsec_a', `whsec_ ${SECRET.slice(6)}`];
	const usable = [SECRET, SECRET.slice(6), 'whsec_YWJjZA==', 'whsec_YWJjZGU='];

	test.each(unusable)('the reference library refuses %j too', (secret) => {
		expect(() => new StandardWebhook(secret)).toThrow();
	});

	test.each(unusable)('checkSecret(%j) throws invalid_secret (500), naming no secret', (secret) => {
		let error: unknown;
		try {
			checkSecret('standard-webhooks', secret);
		} catch (caught) {
			error = caught;
		}
		expect(error).toBeInstanceOf(WebhookError);
		expect((error as WebhookError).code).toBe('invalid_secret');
		expect((error as WebhookError).status).toBe(500);
		if (secret.length > 7) expect((error as WebhookError).message).not.toContain(secret.slice(6));
	});

	test.each(unusable)(
		'receive() with %j refuses a delivery HMAC-signed with the empty key',
		async (secret) => {
			// Anyone can compute this: HMAC-SHA256 under a zero-length key.
			const forged = createHmac('sha256', Buffer.alloc(0))
				.update(`msg_1.${NOW_SECONDS}.${body}`)
				.digest('base64');
			expect(await outcome(delivery(`v1,${forged}`), { secrets: [secret] })).toBe('invalid_secret');
		},
	);

	test.each(usable)(
		'a secret the reference library takes, %j, verifies its signature',
		async (s) => {
			expect(() => new StandardWebhook(s)).not.toThrow();
			expect(() => checkSecret('standard-webhooks', s)).not.toThrow();
			expect(await outcome(delivery(referenceSignature('msg_1', s)), { secrets: [s] })).toBe(
				'msg_1',
			);
		},
	);

	test('blank secrets are refused for every scheme, UTF-8 ones included', () => {
		for (const provider of ['velaflows', 'vellocity', 'flowella', 'inboundflow']) {
			expect(() => checkSecret(provider, '   ')).toThrow(/empty/);
			expect(() => checkSecret(provider, 'whsec_')).not.toThrow(); // six key bytes there
		}
	});
});

describe('senders powered by Svix', () => {
	const svixHeaders = (id: string) => {
		const signature = new SvixWebhook(SECRET).sign(id, new Date(NOW_SECONDS * 1000), body);
		return { 'svix-id': id, 'svix-timestamp': String(NOW_SECONDS), 'svix-signature': signature };
	};

	test('a delivery with svix-id, svix-timestamp and svix-signature is accepted, as svix accepts it', async () => {
		const headers = svixHeaders('msg_svix_1');
		expect(() => new SvixWebhook(SECRET).verify(body, headers)).not.toThrow();
		expect(await outcome({ body, headers })).toBe('msg_svix_1');
	});

	test('an unsigned webhook-id beside the svix set does not become the event id', async () => {
		const headers = { ...svixHeaders('msg_svix_2'), 'webhook-id': 'msg_other' };
		expect(await outcome({ body, headers })).toBe('msg_svix_2');
	});

	test('a svix set with a changed body or id is refused', async () => {
		const headers = svixHeaders('msg_svix_3');
		expect(await outcome({ body: `${body} `, headers })).toBe('signature_mismatch');
		expect(await outcome({ body, headers: { ...headers, 'svix-id': 'msg_x' } })).toBe(
			'signature_mismatch',
		);
		const { 'svix-timestamp': _t, ...noTimestamp } = headers;
		expect(await outcome({ body, headers: noTimestamp })).toBe('missing_timestamp');
	});
});

describe('signature lists: any v1 entry that matches is enough', () => {
	const valid = () => referenceSignature('msg_1');
	const lists: [string, () => string][] = [
		['a malformed v1 entry first', () => `v1,dawfeoifkpqwoekfpqoekf ${valid()}`],
		['an empty v1 entry first', () => `v1, ${valid()}`],
		['an extra field after the signature', () => `${valid()},extra`],
		['another version first', () => `v2,abc ${valid()}`],
		['doubled spaces', () => `v1,bm90IGEgc2lnbmF0dXJl  ${valid()}`],
	];

	test.each(lists)('%s: the reference library and hookbridge accept it', async (_name, list) => {
		expect(() =>
			new StandardWebhook(SECRET).verify(body, delivery(list()).headers as never),
		).not.toThrow();
		expect(await outcome(delivery(list()))).toBe('msg_1');
	});

	test('a list of nothing but malformed or foreign entries is malformed_signature', async () => {
		expect(await outcome(delivery('v1,dawfeoifkpqwoekfpqoekf v1,'))).toBe('malformed_signature');
		expect(await outcome(delivery('v2,abc v1a,def'))).toBe('malformed_signature');
	});

	test('a list whose well-formed v1 entries all differ is signature_mismatch', async () => {
		const other = referenceSignature('msg_2');
		expect(await outcome(delivery(`v1,dawfeoifkpqwoekfpqoekf ${other}`))).toBe(
			'signature_mismatch',
		);
	});
});
