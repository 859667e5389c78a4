import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { resolve } from 'node:path';
import '@shopify/shopify-api/adapters/node';
import { ApiVersion, LogSeverity, shopifyApi } from '@shopify/shopify-api';
import Stripe from 'stripe';
import YAML from 'yaml';
import {
	DuplicateEventError,
	MemoryDedupeStore,
	receive,
	verifyDelivery,
	WebhookError,
	type Profile,
	type ReceiveOptions,
} from '../../../shared';
import { loadProfile } from '../../../shared/profile-file/load-profile';
import type { ProfileFileInput } from '../../../shared/profile-file/profile-file-schema';
import { profileToFile } from '../../../shared/profile-file/profile-to-file';
import { github, githubFile } from '../../../shared/providers/github';
import { shopify, shopifyFile } from '../../../shared/providers/shopify';
import { stripe, stripeFile } from '../../../shared/providers/stripe';
import type { Delivery } from '../../../shared/receive/types';

// Each provider's own library signs (or, for Shopify, judges) the deliveries here; hookbridge's
// signer is never the oracle. Clock and secrets are fixed test values.

const NOW_SECONDS = 1_772_000_000; // 2026-02-25T06:13:20Z
const NOW = NOW_SECONDS * 1000;

function outcome(profile: Profile, delivery: Delivery, options: ReceiveOptions = {}): string {
	try {
		verifyDelivery(profile, delivery, { now: NOW, ...options });
	} catch (error) {
		if (error instanceof WebhookError) return error.code;
		throw error;
	}
	return 'accepted';
}

/** One byte of the body changed (the first digit, or the first letter of `"id"`). */
function tamper(body: string): string {
	const i = body.search(/[0-9]/);
	return `${body.slice(0, i)}${body[i] === '1' ? '2' : '1'}${body.slice(i + 1)}`;
}

/** A delivery of the given type: GitHub and Shopify name it in a header, Stripe in the body. */
type DeliveryOf = (type: string, sample: Record<string, unknown>) => Delivery;

const files: [string, ProfileFileInput, Profile, DeliveryOf][] = [
	[
		'github',
		githubFile,
		github,
		(type, sample) => ({ headers: { 'x-github-event': type }, body: JSON.stringify(sample) }),
	],
	['stripe', stripeFile, stripe, (type, sample) => ({ body: JSON.stringify({ ...sample, type }) })],
	[
		'shopify',
		shopifyFile,
		shopify,
		(type, sample) => ({ headers: { 'x-shopify-topic': type }, body: JSON.stringify(sample) }),
	],
];

describe.each(files)('the built-in %s profile', (id, file, profile, deliveryOf) => {
	test('loads as a manual-mode profile with an open catalog', () => {
		expect(profile).toMatchObject({ id, openCatalog: true });
		expect(profile).not.toHaveProperty('api');
		expect(profile.manualSetup?.length).toBeGreaterThan(20);
		expect(profile.events.length).toBeGreaterThanOrEqual(4);
		expect(profile.events.length).toBeLessThanOrEqual(6);
	});

	test('is plain JSON and survives a YAML round trip as a starter file', () => {
		expect(JSON.parse(JSON.stringify(file))).toEqual(file);
		const reloaded = loadProfile(YAML.parse(YAML.stringify(file)), 'The YAML copy');
		expect(reloaded.events.map((e) => e.type)).toEqual(profile.events.map((e) => e.type));
	});

	test('round-trips through profileToFile, as `profile init --like` writes it', () => {
		const reloaded = loadProfile(YAML.parse(YAML.stringify(profileToFile(profile))));
		for (const event of reloaded.events) {
			const delivery = deliveryOf(event.type, event.sample);
			const normalized = verifyDelivery(reloaded, delivery, { skipVerification: true, now: NOW });
			expect(normalized.validation).toEqual({ ok: true, issues: [] });
			expect(event.schema.safeParse({}).success).toBe(false);
		}
	});

	test.each(profile.events.map((e) => [e.type, e] as const))(
		'the %s sample passes its own schema',
		(type, event) => {
			const normalized = verifyDelivery(profile, deliveryOf(type, event.sample), {
				skipVerification: true,
				now: NOW,
			});
			expect(normalized).toMatchObject({ type, known: true, verified: false });
			expect(normalized.validation).toEqual({ ok: true, issues: [] });
			expect(event.schema.safeParse({}).success).toBe(false);
		},
	);

	test('an event type outside the catalog is accepted and marked unknown', () => {
		const delivery = deliveryOf('made_up/type', profile.events[0]?.sample ?? {});
		const event = verifyDelivery(profile, delivery, { skipVerification: true, now: NOW });
		expect(event).toMatchObject({ type: 'made_up/type', known: false });
		expect(event.validation).toEqual({ ok: true, issues: [] });
	});
});

// ---------------------------------------------------------------------------------------------
// GitHub: @octokit/webhooks-methods v6 is ESM only (its exports have no `require` entry), so
// jest's CommonJS runtime cannot even resolve it: a child `node --input-type=module` signs and
// verifies with it and prints the results.

interface OctokitJob {
	secret: string;
	payload: string;
	/** Verify this signature instead of making one. */
	signature?: string;
}

const OCTOKIT_SCRIPT = `
import { sign, verify } from '@octokit/webhooks-methods';
let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const job of JSON.parse(input)) {
	results.push(job.signature === undefined
		? await sign(job.secret, job.payload)
		: await verify(job.secret, job.payload, job.signature));
}
process.stdout.write(JSON.stringify(results));
`;

function octokit(jobs: OctokitJob[]): (string | boolean)[] {
	const output = execFileSync(process.execPath, ['--input-type=module', '-e', OCTOKIT_SCRIPT], {
		cwd: resolve(__dirname, '../../..'),
		input: JSON.stringify(jobs),
		encoding: 'utf8',
	});
	return JSON.parse(output) as (string | boolean)[];
}

describe('GitHub deliveries signed by @octokit/webhooks-methods', () => {
	const secret = 'It’s a Secret to Everybody';
	const issues = github.events.find((e) => e.type === 'issues')?.sample ?? {};
	const compact = JSON.stringify(issues);
	// Pretty-printed, with non-ASCII text: the signature is over these exact bytes.
	const issue = { ...(issues.issue as object), title: '¿Está roto? 你好 👋' };
	const pretty = JSON.stringify({ ...issues, issue }, null, 2);
	const [compactSig, prettySig, wrongSecretSig] = octokit([
		{ secret, payload: compact },
		{ secret, payload: pretty },
		{ secret: 'another secret', payload: compact },
	]) as string[];
	const guid = '72d3162e-cc78-11e3-81ab-4c9367dc0958';
	const headers = (signature: string | undefined) => ({
		...(signature === undefined ? {} : { 'X-Hub-Signature-256': signature }),
		'X-GitHub-Event': 'issues',
		'X-GitHub-Delivery': guid,
		'X-GitHub-Hook-ID': '498721653',
		'User-Agent': 'GitHub-Hookshot/044aadd',
		'Content-Type': 'application/json',
	});
	const options = { secrets: secret, now: NOW };

	test('octokit verifies its own signatures (the oracle is sane)', () => {
		expect(compactSig).toMatch(/^sha256=[0-9a-f]{64}$/);
		const checks = octokit([
			{ secret, payload: compact, signature: compactSig ?? '' },
			{ secret, payload: tamper(compact), signature: compactSig ?? '' },
		]);
		expect(checks).toEqual([true, false]);
	});

	test('verifyDelivery accepts an octokit-signed delivery and normalises it', () => {
		const event = verifyDelivery(github, { headers: headers(compactSig), body: compact }, options);
		expect(event).toMatchObject({
			id: guid,
			type: 'issues',
			provider: 'github',
			deliveryId: guid,
			accountId: 'octocat',
			known: true,
			verified: true,
			test: false,
			occurredAt: new Date(NOW).toISOString(),
		});
		expect(event.validation).toEqual({ ok: true, issues: [] });
		expect(event.data).toEqual(issues);
	});

	test('verifyDelivery accepts pretty-printed non-ASCII JSON signed over its bytes', () => {
		const body = Buffer.from(pretty, 'utf8');
		expect(outcome(github, { headers: headers(prettySig), body }, options)).toBe('accepted');
	});

	test('refuses a changed body byte, a wrong secret, a missing or mangled header', () => {
		const refusal = (signature: string | undefined, body = compact) =>
			outcome(github, { headers: headers(signature), body }, options);
		expect(refusal(compactSig, tamper(compact))).toBe('signature_mismatch');
		expect(refusal(wrongSecretSig)).toBe('signature_mismatch');
		expect(refusal(undefined)).toBe('missing_signature');
		expect(refusal(compactSig?.replace('sha256=', 'sha1='))).toBe('malformed_signature');
		expect(refusal(compactSig?.slice(0, -2))).toBe('malformed_signature');
		expect(refusal(compactSig?.toUpperCase().replace('SHA256=', 'sha256='))).toBe(
			'malformed_signature',
		);
	});

	test('a redelivery keeps X-GitHub-Delivery and is a duplicate for receive()', async () => {
		const dedupe = new MemoryDedupeStore();
		const delivery = { headers: headers(compactSig), body: compact };
		await expect(receive(github, delivery, { ...options, dedupe })).resolves.toMatchObject({
			id: guid,
		});
		await expect(receive(github, delivery, { ...options, dedupe })).rejects.toBeInstanceOf(
			DuplicateEventError,
		);
	});

	test('the ping sent on creation is a test event', () => {
		const body = JSON.stringify(github.events.find((e) => e.type === 'ping')?.sample);
		const [signature] = octokit([{ secret, payload: body }]) as string[];
		const event = verifyDelivery(
			github,
			{ headers: { ...headers(signature), 'X-GitHub-Event': 'ping' }, body },
			options,
		);
		expect(event).toMatchObject({ type: 'ping', test: true, known: true });
	});
});

// ---------------------------------------------------------------------------------------------
// Stripe: the stripe package signs (generateTestHeaderString) and judges (constructEvent).

describe('Stripe deliveries signed by the stripe library', () => {
	const sdk = new Stripe('sk_test_x');
	const secret = 'whsec_hookbridgeTest0123456789abcdefXYZ';
	const sample = stripe.events.find((e) => e.type === 'payment_intent.succeeded')?.sample ?? {};
	// A Connect event: `account` names the connected account.
	const payload = JSON.stringify({ ...sample, account: 'acct_1Nv0FGQ9RKHgCVdK' }, null, 2);
	const header = (timestamp = NOW_SECONDS, key = secret, scheme?: string) =>
		sdk.webhooks.generateTestHeaderString({ payload, secret: key, timestamp, scheme });
	const delivery = (signature: string | undefined, body = payload): Delivery => ({
		headers: signature === undefined ? {} : { 'Stripe-Signature': signature },
		body,
	});
	const options = { secrets: [secret], now: NOW };
	/** Whether Stripe's own verifier accepts the header at the pinned clock. */
	const stripeAccepts = (signature: string, body = payload) => {
		try {
			sdk.webhooks.constructEvent(body, signature, secret, undefined, undefined, NOW);
			return true;
		} catch {
			return false;
		}
	};

	test('constructEvent accepts the generated header (the oracle is sane)', () => {
		expect(header()).toMatch(/^t=1772000000,v1=[0-9a-f]{64}$/);
		expect(
			sdk.webhooks.constructEvent(payload, header(), secret, undefined, undefined, NOW),
		).toEqual(JSON.parse(payload));
	});

	test('verifyDelivery accepts it and normalises the Event', () => {
		const event = verifyDelivery(stripe, delivery(header()), options);
		expect(event).toMatchObject({
			id: 'evt_3QxR8vLkdIwHu7ix1Qw2Er3t',
			type: 'payment_intent.succeeded',
			provider: 'stripe',
			accountId: 'acct_1Nv0FGQ9RKHgCVdK',
			occurredAt: '2026-02-24T21:00:00.000Z',
			deliveryId: null,
			known: true,
			verified: true,
		});
		expect(event.data).toEqual((sample as { data: unknown }).data);
		expect(event.validation).toEqual({ ok: true, issues: [] });
	});

	test('refuses a changed body byte, a wrong secret, a missing or mangled header', () => {
		expect(stripeAccepts(header(), tamper(payload))).toBe(false);
		expect(outcome(stripe, delivery(header(), tamper(payload)), options)).toBe(
			'signature_mismatch',
		);
		const wrong = header(NOW_SECONDS, 'whsec_someoneElsesSecret0000000000000');
		expect(outcome(stripe, delivery(wrong), options)).toBe('signature_mismatch');
		expect(outcome(stripe, delivery(undefined), options)).toBe('missing_signature');
		expect(outcome(stripe, delivery('not a stripe signature'), options)).toBe(
			'malformed_signature',
		);
		const cut = header().slice(0, -4);
		expect(stripeAccepts(cut)).toBe(false);
		expect(outcome(stripe, delivery(cut), options)).toBe('malformed_signature');
	});

	test('an old timestamp is refused as Stripe refuses it', () => {
		const old = header(NOW_SECONDS - 301);
		expect(stripeAccepts(old)).toBe(false);
		expect(outcome(stripe, delivery(old), options)).toBe('timestamp_too_old');
		expect(outcome(stripe, delivery(header(NOW_SECONDS - 299)), options)).toBe('accepted');
	});

	test.each([100, 301, 3600])(
		'a timestamp %i s in the future is accepted, as Stripe accepts it',
		(ahead) => {
			const future = header(NOW_SECONDS + ahead);
			expect(stripeAccepts(future)).toBe(true);
			expect(outcome(stripe, delivery(future), options)).toBe('accepted');
		},
	);

	test('several v1 entries where only the second matches are accepted', () => {
		const wrongV1 = header(NOW_SECONDS, 'whsec_rotatedAwaySecret000000000000').split(',v1=')[1];
		const rightV1 = header().split(',v1=')[1];
		const both = `t=${NOW_SECONDS},v1=${wrongV1},v1=${rightV1}`;
		expect(stripeAccepts(both)).toBe(true);
		expect(outcome(stripe, delivery(both), options)).toBe('accepted');
	});

	test('a header with only a v0 signature is refused, as Stripe refuses it', () => {
		const v0 = header(NOW_SECONDS, secret, 'v0');
		expect(v0).toMatch(/^t=\d+,v0=[0-9a-f]{64}$/);
		expect(stripeAccepts(v0)).toBe(false);
		expect(outcome(stripe, delivery(v0), options)).toBe('malformed_signature');
	});

	test('an independent node:crypto signature of "t.body" with the whole whsec_ text is accepted', () => {
		const t = NOW_SECONDS - 10;
		const v1 = createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex');
		expect(stripeAccepts(`t=${t},v1=${v1}`)).toBe(true);
		expect(outcome(stripe, delivery(`t=${t},v1=${v1}`), options)).toBe('accepted');
	});
});

// ---------------------------------------------------------------------------------------------
// Shopify: @shopify/shopify-api has no signer, so node:crypto signs as Shopify's docs say and the
// SDK's own webhooks.validate() judges each delivery before hookbridge sees it. Its node adapter
// reads only headers, method and url from the raw request, so a plain object stands in for one.

describe('Shopify deliveries judged by @shopify/shopify-api', () => {
	const secret = 'shpss_0123456789abcdef0123456789abcdef';
	const sdk = shopifyApi({
		apiKey: 'hookbridge-test-app',
		apiSecretKey: secret,
		hostName: 'hooks.example.com',
		apiVersion: ApiVersion.January26,
		isEmbeddedApp: false,
		logger: { level: LogSeverity.Error },
	});
	const body = JSON.stringify(shopify.events.find((e) => e.type === 'orders/create')?.sample);
	const sign = (text: string, key = secret) =>
		createHmac('sha256', key).update(text, 'utf8').digest('base64');
	const headers = (hmac: string | undefined, extra: Record<string, string> = {}) => ({
		...(hmac === undefined ? {} : { 'X-Shopify-Hmac-Sha256': hmac }),
		'X-Shopify-Topic': 'orders/create',
		'X-Shopify-Shop-Domain': 'acme-apparel.myshopify.com',
		'X-Shopify-API-Version': '2026-01',
		'X-Shopify-Webhook-Id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
		'X-Shopify-Event-Id': '98880550-7158-44d4-b7cd-2c97c8a091b5',
		'X-Shopify-Triggered-At': '2026-02-25T06:13:19.123456789Z',
		...extra,
	});
	const sdkValidates = async (hmac: string | undefined, text = body) => {
		const rawRequest = { method: 'POST', url: '/webhooks', headers: headers(hmac) };
		const result = await sdk.webhooks.validate({ rawBody: text, rawRequest, rawResponse: {} });
		return result.valid;
	};
	const options = { secrets: secret, now: NOW };

	test('the SDK accepts a body signed with node:crypto and hookbridge normalises it', async () => {
		await expect(sdkValidates(sign(body))).resolves.toBe(true);
		const event = verifyDelivery(shopify, { headers: headers(sign(body)), body }, options);
		expect(event).toMatchObject({
			id: '98880550-7158-44d4-b7cd-2c97c8a091b5',
			type: 'orders/create',
			provider: 'shopify',
			deliveryId: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
			accountId: 'acme-apparel.myshopify.com',
			occurredAt: '2026-02-25T06:13:19.123Z',
			known: true,
			verified: true,
		});
		expect(event.validation).toEqual({ ok: true, issues: [] });
		expect(event.data).toEqual(JSON.parse(body));
	});

	test('without X-Shopify-Event-Id the webhook id is the event id', () => {
		const all = headers(sign(body));
		const { 'X-Shopify-Event-Id': _eventId, ...rest } = all;
		const event = verifyDelivery(shopify, { headers: rest, body }, options);
		expect(event.id).toBe('b54557e4-bdd9-4b37-8a5f-bf7d70bcd043');
	});

	test('a non-ASCII, pretty-printed body is accepted by both', async () => {
		const pretty = JSON.stringify(
			{ ...JSON.parse(body), note: 'Livraison: 3ème étage 👋' },
			null,
			2,
		);
		await expect(sdkValidates(sign(pretty), pretty)).resolves.toBe(true);
		const delivery = { headers: headers(sign(pretty)), body: Buffer.from(pretty, 'utf8') };
		expect(outcome(shopify, delivery, options)).toBe('accepted');
	});

	test('refuses a changed body byte and a wrong secret, as the SDK does', async () => {
		await expect(sdkValidates(sign(body), tamper(body))).resolves.toBe(false);
		const changed = { headers: headers(sign(body)), body: tamper(body) };
		expect(outcome(shopify, changed, options)).toBe('signature_mismatch');
		const other = sign(body, 'shpss_ffffffffffffffffffffffffffffffff');
		await expect(sdkValidates(other)).resolves.toBe(false);
		expect(outcome(shopify, { headers: headers(other), body }, options)).toBe('signature_mismatch');
	});

	test('refuses a missing or mangled header, as the SDK does', async () => {
		await expect(sdkValidates(undefined)).resolves.toBe(false);
		expect(outcome(shopify, { headers: headers(undefined), body }, options)).toBe(
			'missing_signature',
		);
		// The digest printed as hex instead of base64: no base64 digest at all.
		const hex = createHmac('sha256', secret).update(body).digest('hex');
		await expect(sdkValidates(hex)).resolves.toBe(false);
		expect(outcome(shopify, { headers: headers(hex), body }, options)).toBe('malformed_signature');
		const cut = sign(body).slice(0, -3);
		await expect(sdkValidates(cut)).resolves.toBe(false);
		expect(outcome(shopify, { headers: headers(cut), body }, options)).toBe('malformed_signature');
	});
});
