import {
	DuplicateEventError,
	MemoryDedupeStore,
	profiles,
	receive,
	verifyDelivery,
	WebhookError,
	type ReceiveOptions,
} from '../../../shared';
import type { Delivery } from '../../../shared/receive/types';
import { NOW_SECONDS, secretFor, signedDelivery, signsUrl } from '../../helpers/signed-delivery';

const NOW = NOW_SECONDS * 1000;
// URL-signing profiles (Twilio) have their own suite: test/shared/providers.
const providers = Object.values(profiles)
	.filter((profile) => !signsUrl(profile))
	.map((profile) => profile.id);
const timestamped = ['inboundflow', 'standard-webhooks'];

function sampleBody(provider: string): Record<string, unknown> {
	const profile = profiles[provider];
	const body = profile?.events[0]?.sample ?? profile?.anyEventSample;
	if (!body) throw new Error(`no sample for ${provider}`);
	return body;
}

/** The signature header with another prefix (or field name) than the scheme's. */
function wrongPrefix(value: string): string {
	if (value.startsWith('t=')) return value.replace(',v1=', ',md5=');
	const prefix = /^(sha256=|v1,|v0=)/.exec(value)?.[0];
	return prefix ? `md5=${value.slice(prefix.length)}` : `sha256=${value}`;
}

async function codeOf(
	delivery: Delivery,
	provider: string,
	options: ReceiveOptions,
): Promise<string> {
	try {
		await receive(provider, delivery, { now: NOW, dedupe: false, ...options });
	} catch (error) {
		if (error instanceof WebhookError) return error.code;
		throw error;
	}
	return 'accepted';
}

describe.each(providers)('receive(%s)', (provider) => {
	const secret = secretFor(provider);
	const options = { secrets: [secret], now: NOW, dedupe: false as const };
	const compact = JSON.stringify(sampleBody(provider));

	test('accepts a delivery signed as the docs say and normalises it', async () => {
		const event = await receive(provider, signedDelivery(provider, compact, secret), options);
		expect(event.provider).toBe(provider);
		expect(event.verified).toBe(true);
		expect(event.validation).toEqual({ ok: true, issues: [] });
		expect(typeof event.id).toBe('string');
		expect(event.id.length).toBeGreaterThan(0);
		expect(Number.isNaN(Date.parse(event.occurredAt))).toBe(false);
	});

	test('accepts pretty-printed JSON signed over its exact bytes', async () => {
		const pretty = JSON.stringify(sampleBody(provider), null, 2);
		const event = await receive(provider, signedDelivery(provider, pretty, secret), options);
		expect(event.data).toEqual(
			(await receive(provider, signedDelivery(provider, compact, secret), options)).data,
		);
	});

	test('accepts a non-ASCII body given as bytes and keeps its text', async () => {
		const note = 'Ñandú — 日本語 🚀';
		const sample = sampleBody(provider);
		const key = profiles[provider]?.envelope.dataKey ?? 'data';
		const inner = sample[key];
		const body =
			inner && typeof inner === 'object'
				? { ...sample, [key]: { ...inner, note } }
				: { ...sample, note };
		const bytes = Buffer.from(JSON.stringify(body), 'utf8');
		const event = await receive(provider, signedDelivery(provider, bytes, secret), options);
		expect((event.data as Record<string, unknown>).note).toBe(note);
	});

	test('accepts old and new secrets during a rotation, and neither after it', async () => {
		const old = secretFor(provider, 'o');
		const fresh = secretFor(provider, 'n');
		const rotating = { ...options, secrets: [old, fresh] };
		await expect(
			receive(provider, signedDelivery(provider, compact, old), rotating),
		).resolves.toBeDefined();
		await expect(
			receive(provider, signedDelivery(provider, compact, fresh), rotating),
		).resolves.toBeDefined();
		expect(
			await codeOf(signedDelivery(provider, compact, old), provider, { secrets: [fresh] }),
		).toBe('signature_mismatch');
	});

	test('accepts Zapier Http- Camel-Case header names and array values', async () => {
		const signed = signedDelivery(provider, compact, secret);
		const zapier = Object.fromEntries(
			Object.entries(signed.headers).map(([name, value]) => [
				`Http-${name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase())}`,
				[value],
			]),
		);
		await expect(
			receive(provider, { headers: zapier, body: compact }, options),
		).resolves.toBeDefined();
		await expect(
			receive(provider, { headers: new Headers(signed.headers), body: compact }, options),
		).resolves.toBeDefined();
	});

	test.each([
		['missing_secret', { secrets: [] }],
		['missing_secret', { secrets: [''] }],
	])('refuses everything with %s when no secret is configured', async (code, extra) => {
		expect(await codeOf(signedDelivery(provider, compact, secret), provider, extra)).toBe(code);
	});

	test('refuses a delivery without the signature header: missing_signature', async () => {
		const signed = signedDelivery(provider, compact, secret);
		const header = profiles[provider]?.signature.header ?? '';
		const { [header]: _dropped, ...headers } = signed.headers;
		expect(await codeOf({ headers, body: compact }, provider, options)).toBe('missing_signature');
	});

	test('refuses garbage, a wrong prefix and a doubled header: malformed_signature', async () => {
		const signed = signedDelivery(provider, compact, secret);
		const header = profiles[provider]?.signature.header ?? '';
		const value = signed.headers[header] ?? '';
		const variants = ['not-a-signature', value.slice(0, -2), wrongPrefix(value)];
		for (const bad of variants) {
			expect(
				await codeOf(
					{ headers: { ...signed.headers, [header]: bad }, body: compact },
					provider,
					options,
				),
			).toBe('malformed_signature');
		}
		const doubled = { ...signed.headers, [header]: [value, value] };
		expect(await codeOf({ headers: doubled, body: compact }, provider, options)).toBe(
			'malformed_signature',
		);
	});

	test('refuses a body changed after signing: signature_mismatch', async () => {
		const signed = signedDelivery(provider, compact, secret);
		const changed = compact.replace(/"$|}$/, ',"extra":1}');
		expect(await codeOf({ headers: signed.headers, body: changed }, provider, options)).toBe(
			'signature_mismatch',
		);
	});

	test('refuses a body over maxBytes before reading it: payload_too_large (413)', async () => {
		const signed = signedDelivery(provider, compact, secret);
		await expect(receive(provider, signed, { ...options, maxBytes: 16 })).rejects.toMatchObject({
			code: 'payload_too_large',
			status: 413,
		});
	});

	test('refuses a signed body that is not JSON: invalid_json (400)', async () => {
		await expect(
			receive(provider, signedDelivery(provider, '{"oops":', secret), options),
		).rejects.toMatchObject({
			code: 'invalid_json',
			status: 400,
		});
		const badUtf8 = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
		expect(await codeOf(signedDelivery(provider, badUtf8, secret), provider, options)).toBe(
			'invalid_json',
		);
	});

	test('keeps a "__proto__" key of a flat body as data, never as the copy\'s prototype', async () => {
		// Regression (reliability suite): a flat body's data is a copy; assigning "__proto__"
		// to it set the copy's prototype and lost the key.
		const { [profiles[provider]?.envelope.dataKey ?? 'data']: _data, ...envelope } =
			sampleBody(provider);
		const flat = JSON.stringify(envelope).replace(/}$/, ',"__proto__":{"polluted":"yes"},"n":1}');
		const event = await receive(provider, signedDelivery(provider, flat, secret), options);
		const data = event.data as Record<string, unknown>;
		expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
		expect(Object.keys(data)).toEqual(expect.arrayContaining(['__proto__', 'n']));
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	test('with strictJson refuses nesting over 64 levels and integers beyond 2^53 (400)', async () => {
		const strict = { ...options, strictJson: true };
		const withData = (raw: string) =>
			JSON.stringify({ ...sampleBody(provider), data: '__DATA__' }).replace('"__DATA__"', raw);
		const deep = `{"d":${'['.repeat(65)}${']'.repeat(65)}}`;
		const fine = `{"d":${'['.repeat(60)}${']'.repeat(60)}}`;
		expect(await codeOf(signedDelivery(provider, withData(deep), secret), provider, strict)).toBe(
			'payload_too_deep',
		);
		expect(await codeOf(signedDelivery(provider, withData(fine), secret), provider, strict)).toBe(
			'accepted',
		);
		const big = withData('{"amount":9007199254740993}');
		expect(await codeOf(signedDelivery(provider, big, secret), provider, strict)).toBe(
			'unsafe_number',
		);
		// Without strictJson the library returns what JSON.parse gives.
		expect(await codeOf(signedDelivery(provider, big, secret), provider, options)).toBe('accepted');
		// 2^53 - 1 is exact, and exponent-sized floats are floats, not rounded ids.
		const safe = withData('{"amount":9007199254740991,"ratio":1.5e300}');
		expect(await codeOf(signedDelivery(provider, safe, secret), provider, strict)).toBe('accepted');
	});

	test('refuses a signed JSON value that is not an object: invalid_payload (400)', async () => {
		expect(await codeOf(signedDelivery(provider, '[1,2]', secret), provider, options)).toBe(
			'invalid_payload',
		);
	});

	test('marks the second delivery of an event as a duplicate (409) carrying the event', async () => {
		const dedupe = new MemoryDedupeStore();
		const signed = signedDelivery(provider, compact, secret);
		const first = await receive(provider, signed, { ...options, dedupe });
		const second = receive(provider, signed, { ...options, dedupe });
		await expect(second).rejects.toBeInstanceOf(DuplicateEventError);
		await expect(second).rejects.toMatchObject({
			code: 'duplicate',
			status: 409,
			event: { id: first.id },
		});
	});

	test('delivers with verified:false only when verification is explicitly skipped', async () => {
		const event = verifyDelivery(
			provider,
			{ headers: {}, body: compact },
			{ skipVerification: true, now: NOW },
		);
		expect(event.verified).toBe(false);
	});

	test('never puts the secret, the signature or payload values in an error', async () => {
		const signed = signedDelivery(provider, compact, secret);
		const attempts: Array<[Delivery, ReceiveOptions]> = [
			[{ headers: signed.headers, body: compact.replace(/}$/, ',"x":1}') }, options],
			[{ headers: {}, body: compact }, options],
			[signed, { ...options, maxBytes: 8 }],
			[signedDelivery(provider, '{"caller_phone":"+1234567890"', secret), options],
			[signed, { ...options, secrets: [] }],
		];
		for (const [delivery, opts] of attempts) {
			const error = await receive(provider, delivery, opts).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(WebhookError);
			const text = `${(error as Error).message} ${JSON.stringify(error)}`;
			expect(text).not.toContain(secret);
			for (const value of Object.values(signed.headers)) expect(text).not.toContain(value);
			expect(text).not.toContain('+1234567890');
		}
	});

	if (timestamped.includes(provider)) {
		const tsHeader = profiles[provider]?.signature.timestampHeader ?? '';

		test('refuses a timestamp six minutes old: timestamp_too_old', async () => {
			const signed = signedDelivery(provider, compact, secret, { timestamp: NOW_SECONDS - 360 });
			expect(await codeOf(signed, provider, options)).toBe('timestamp_too_old');
		});

		test('refuses a timestamp six minutes ahead: timestamp_too_new', async () => {
			const signed = signedDelivery(provider, compact, secret, { timestamp: NOW_SECONDS + 360 });
			expect(await codeOf(signed, provider, options)).toBe('timestamp_too_new');
		});

		test('accepts a timestamp inside a custom tolerance', async () => {
			const signed = signedDelivery(provider, compact, secret, { timestamp: NOW_SECONDS - 360 });
			expect(await codeOf(signed, provider, { ...options, toleranceSeconds: 600 })).toBe(
				'accepted',
			);
		});

		test('refuses a missing or non-numeric timestamp: missing_timestamp, malformed_timestamp', async () => {
			const signed = signedDelivery(provider, compact, secret);
			const { [tsHeader]: _dropped, ...headers } = signed.headers;
			expect(await codeOf({ headers, body: compact }, provider, options)).toBe('missing_timestamp');
			const bad = { ...signed.headers, [tsHeader]: '17e8' };
			expect(await codeOf({ headers: bad, body: compact }, provider, options)).toBe(
				'malformed_timestamp',
			);
		});
	}
});

describe('receive, provider specifics', () => {
	test('InboundFlow: accepts the docs-sample form timestamp.JSON.stringify(body) after raw bytes', async () => {
		const secret = secretFor('inboundflow');
		const pretty = JSON.stringify(sampleBody('inboundflow'), null, 2);
		const signed = signedDelivery('inboundflow', pretty, secret, { compact: true });
		const event = await receive('inboundflow', signed, {
			secrets: secret,
			now: NOW,
			dedupe: false,
		});
		expect(event.type).toBe('call.completed');
		expect(event.id).toBe('unique-uuid');
		expect(event.accountId).toBe('uuid');
	});

	test('VelaFlows: an uncatalogued type of a known category is kept, known:false, with its category', async () => {
		const secret = secretFor('velaflows');
		const body = JSON.stringify({
			eventId: 'evt_9',
			eventType: 'inbox.tag.added',
			workspaceId: 'ws_1',
			data: {},
		});
		const event = await receive('velaflows', signedDelivery('velaflows', body, secret), {
			secrets: secret,
			now: NOW,
			dedupe: false,
		});
		expect(event).toMatchObject({
			type: 'inbox.tag.added',
			known: false,
			category: 'inbox',
			accountId: 'ws_1',
		});
	});

	test('a schema mismatch is reported on the event, never a reason to drop it', async () => {
		const secret = secretFor('vellocity');
		const body = JSON.stringify({
			id: 'evt_1',
			type: 'listing.updated',
			data: { listing_id: 'abc' },
		});
		const event = await receive('vellocity', signedDelivery('vellocity', body, secret), {
			secrets: secret,
			now: NOW,
			dedupe: false,
		});
		expect(event.known).toBe(true);
		expect(event.validation.ok).toBe(false);
		expect(event.validation.issues.map((issue) => issue.path)).toEqual(
			expect.arrayContaining(['listing_id', 'changes']),
		);
	});

	test('Vellocity: the flat test payload is a test event', async () => {
		const secret = secretFor('vellocity');
		const body = JSON.stringify(
			profiles.vellocity?.events.find((e) => e.type === 'webhook.test')?.sample,
		);
		const signed = signedDelivery('vellocity', body, secret);
		const event = await receive(
			'vellocity',
			{ headers: { ...signed.headers, 'X-Vellocity-Delivery': 'evt_t1' }, body },
			{
				secrets: secret,
				now: NOW,
				dedupe: false,
			},
		);
		expect(event).toMatchObject({
			id: 'evt_t1',
			type: 'webhook.test',
			test: true,
			data: { webhook_id: 1 },
		});
		expect(event.occurredAt).toBe('2026-02-26T10:00:00.000Z');
	});

	test('Standard Webhooks: the message id is the event id, and several signatures may be listed', async () => {
		const secret = secretFor('standard-webhooks');
		const body = JSON.stringify(sampleBody('standard-webhooks'));
		const signed = signedDelivery('standard-webhooks', body, secret, { messageId: 'msg_abc' });
		const list = `v1a,ignored-other-version v1,${Buffer.alloc(32).toString('base64')} ${signed.headers['webhook-signature']}`;
		const event = await receive(
			'standard-webhooks',
			{ headers: { ...signed.headers, 'webhook-signature': list }, body },
			{
				secrets: secret,
				now: NOW,
				dedupe: false,
			},
		);
		expect(event).toMatchObject({ id: 'msg_abc', type: 'contact.created', known: false });
	});

	test('an unknown provider id is a typed error', async () => {
		await expect(receive('nope', { body: '{}' }, { secrets: 'x' })).rejects.toMatchObject({
			code: 'unknown_provider',
			status: 400,
		});
	});
});
