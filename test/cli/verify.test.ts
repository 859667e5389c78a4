import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twilio from 'twilio';
import { profiles, sampleDelivery } from '../../shared';
import { NOW_SECONDS, secretFor, signedDelivery, signsUrl } from '../helpers/signed-delivery';
import { CliProcess, hookbridge } from './helpers/cli-process';

// Every test here spawns the built CLI (a node process each, up to eleven at once): a timeout
// sized for a loaded 2-core machine instead of jest's 5 s default.
jest.setTimeout(60_000);

const headerFlags = (headers: Record<string, string>) =>
	Object.entries(headers).flatMap(([k, v]) => ['--header', `${k}: ${v}`]);

// URL-signing profiles (Twilio) need --url: tested on their own below.
const providers = Object.values(profiles)
	.filter((p) => !signsUrl(p))
	.map((p) => p.id);

describe.each(providers)('hookbridge verify --provider %s', (provider) => {
	const secret = secretFor(provider);
	const profile = profiles[provider];
	const sample = profile?.events[0]?.sample ?? profile?.anyEventSample;
	const body = JSON.stringify(sample);
	// With the type header of providers that send it there (GitHub's X-GitHub-Event).
	const typeHeaders = profile ? sampleDelivery(profile, profile.events[0]).headers : {};
	const signed = signedDelivery(provider, body, secret);
	signed.headers = { ...typeHeaders, ...signed.headers };
	const base = ['verify', '--provider', provider, '--now', String(NOW_SECONDS)];
	const withSecret = [...base, '--secret', secret];

	test('prints the normalised event as one JSON line and exits 0', async () => {
		const run = await hookbridge([...withSecret, ...headerFlags(signed.headers)], body);
		expect(run.code).toBe(0);
		expect(run.stdout.trim().split('\n')).toHaveLength(1);
		expect(JSON.parse(run.stdout)).toMatchObject({
			provider,
			verified: true,
			known: profile?.events.length !== 0,
		});
	});

	test('accepts headers in Zapier Http- form', async () => {
		const zapier = Object.fromEntries(
			Object.entries(signed.headers).map(([k, v]) => [`Http-${k}`, v]),
		);
		const run = await hookbridge([...withSecret, ...headerFlags(zapier)], body);
		expect(run.code).toBe(0);
	});

	test('each refusal exits 1 with stderr starting with its code', async () => {
		const header = profile?.signature.header ?? '';
		const dir = mkdtempSync(join(tmpdir(), 'hookbridge-verify-'));
		const dedupe = ['--dedupe-file', join(dir, 'seen.json')];
		const cases: Array<[string, string[], string | Buffer]> = [
			['missing_secret', [...base, ...headerFlags(signed.headers)], body],
			['missing_signature', [...withSecret], body],
			[
				'malformed_signature',
				[...withSecret, ...headerFlags({ ...signed.headers, [header]: 'nonsense' })],
				body,
			],
			[
				'signature_mismatch',
				[...withSecret, ...headerFlags(signed.headers)],
				body.replace(/}$/, ',"x":1}'),
			],
			[
				'payload_too_large',
				[...withSecret, '--max-bytes', '10', ...headerFlags(signed.headers)],
				body,
			],
			[
				'invalid_json',
				[...withSecret, ...headerFlags(signedDelivery(provider, '{"a":', secret).headers)],
				'{"a":',
			],
			[
				'invalid_payload',
				[...withSecret, ...headerFlags(signedDelivery(provider, '"text"', secret).headers)],
				'"text"',
			],
		];
		if (profile?.signature.timestampHeader) {
			const ts = profile.signature.timestampHeader;
			const old = signedDelivery(provider, body, secret, { timestamp: NOW_SECONDS - 600 }).headers;
			const future = signedDelivery(provider, body, secret, {
				timestamp: NOW_SECONDS + 600,
			}).headers;
			const { [ts]: _gone, ...noTimestamp } = signed.headers;
			cases.push(
				['timestamp_too_old', [...withSecret, ...headerFlags(old)], body],
				['timestamp_too_new', [...withSecret, ...headerFlags(future)], body],
				['missing_timestamp', [...withSecret, ...headerFlags(noTimestamp)], body],
				[
					'malformed_timestamp',
					[...withSecret, ...headerFlags({ ...signed.headers, [ts]: 'yesterday' })],
					body,
				],
			);
		}
		const runs = await Promise.all(cases.map(([, args, stdin]) => hookbridge(args, stdin)));
		runs.forEach((run, i) => {
			const [code] = cases[i] ?? [''];
			expect({ code, exit: run.code, stderr: run.stderr.split(':')[0] }).toEqual({
				code,
				exit: 1,
				stderr: code,
			});
			expect(run.stdout).toBe('');
			expect(run.stderr).not.toContain(secret);
		});
		const first = await hookbridge(
			[...withSecret, ...dedupe, ...headerFlags(signed.headers)],
			body,
		);
		const again = await hookbridge(
			[...withSecret, ...dedupe, ...headerFlags(signed.headers)],
			body,
		);
		expect(first.code).toBe(0);
		expect([again.code, again.stderr.split(':')[0]]).toEqual([1, 'duplicate']);
	});

	test('--no-verify accepts an unsigned body and says verified:false', async () => {
		const run = await hookbridge([...base, '--no-verify'], body);
		expect(run.code).toBe(0);
		expect(JSON.parse(run.stdout)).toMatchObject({ verified: false });
	});
});

describe('hookbridge usage errors exit 2', () => {
	test.each([
		['an unknown provider', ['verify', '--provider', 'nope', '--secret', 's'], 'unknown_provider'],
		[
			'a header without a name',
			['verify', '--provider', 'flowella', '--secret', 's', '--header', 'novalue'],
			'usage',
		],
		[
			'a non-numeric --now',
			['verify', '--provider', 'flowella', '--secret', 's', '--now', 'soon'],
			'usage',
		],
		['no --provider', ['verify', '--secret', 's'], 'usage: Name the provider'],
		[
			'both --provider and --profile',
			['verify', '--provider', 'github', '--profile', 'x.yaml', '--secret', 's'],
			'usage: Give either',
		],
		['an unknown command', ['frobnicate'], 'error'],
	])('%s', async (_what, args, prefix) => {
		const run = await hookbridge(args, '{}');
		expect(run.code).toBe(2);
		expect(run.stderr.startsWith(prefix)).toBe(true);
	});

	test('--help exits 0 and lists verify', async () => {
		const run = await hookbridge(['--help']);
		expect(run.code).toBe(0);
		expect(run.stdout).toContain('verify');
	});
});

describe('hookbridge verify and listen refuse a secret that cannot be a key', () => {
	// HMAC-SHA256 under a zero-length key: anyone can compute it, so no secret may decode to it.
	const body = JSON.stringify({ type: 'contact.created', data: {} });
	const id = 'msg_empty_key';
	const forged = createHmac('sha256', Buffer.alloc(0))
		.update(`${id}.${NOW_SECONDS}.${body}`)
		.digest('base64');
	const headers = {
		'webhook-id': id,
		'webhook-timestamp': String(NOW_SECONDS),
		'webhook-signature': `v1,${forged}`,
	};

	test.each(['whsec_', 'whsec_!!!!', 'whsec_====', 'whsec_a'])(
		'verify --secret %j exits 2 with invalid_secret on an empty-key forgery',
		async (secret) => {
			const args = ['verify', '--provider', 'standard-webhooks', '--now', String(NOW_SECONDS)];
			const run = await hookbridge([...args, '--secret', secret, ...headerFlags(headers)], body);
			expect(run.code).toBe(2);
			expect(run.stdout).toBe('');
			expect(run.stderr).toMatch(/^invalid_secret: --secret: The signing secret /);
		},
	);

	test.each([
		['--secret', ['--provider', 'standard-webhooks', '--secret', 'whsec_']],
		['--secret', ['--provider', 'flowella', '--secret', '   ']],
		[
			'--forward-secret',
			['--provider', 'flowella', '--secret', 'fl', '--forward-secret', 'whsec_a'],
		],
	])(
		'listen with an unusable %s exits 2 with invalid_secret before listening',
		async (_f, args) => {
			const listen = new CliProcess(['listen', '--port', '0', ...args]);
			// Bounded: a listen that took the secret would serve until stopped.
			const exited = await Promise.race([
				listen.whenExited(),
				new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 20_000)),
			]);
			await listen.stop();
			expect(exited).toBe(2);
			expect(listen.stderr).toMatch(/^invalid_secret: --(forward-)?secret: The signing secret /);
			expect(listen.stderr).not.toContain('deliveries on http');
		},
	);
});

describe('hookbridge verify --provider twilio --url', () => {
	// Signed by twilio's own library over the URL and the sorted form parameters.
	const url = 'https://hooks.example.com/twilio/sms?store=7';
	const params = { MessageSid: 'SM0001', AccountSid: 'AC0001', SmsStatus: 'received', Body: 'hi' };
	const body = new URLSearchParams(params).toString();
	const token = 'twilio auth token for the test';
	const signature = twilio.getExpectedTwilioSignature(token, url, params);
	const args = ['verify', '--provider', 'twilio', '--secret', token, '--header'];

	test('accepts the delivery with the URL Twilio called, and refuses it for another URL', async () => {
		const ok = await hookbridge([...args, `x-twilio-signature: ${signature}`, '--url', url], body);
		expect(ok.stderr).toBe('');
		expect(JSON.parse(ok.stdout)).toMatchObject({
			provider: 'twilio',
			type: 'received',
			accountId: 'AC0001',
		});
		const other = await hookbridge(
			[...args, `x-twilio-signature: ${signature}`, '--url', url.replace('sms', 'mms')],
			body,
		);
		expect(other.code).toBe(1);
		expect(other.stderr).toMatch(/^signature_mismatch: /);
	});

	test('without --url it says the URL is needed (missing_url)', async () => {
		const run = await hookbridge([...args, `x-twilio-signature: ${signature}`], body);
		expect(run.code).toBe(1);
		expect(run.stderr).toMatch(/^missing_url: /);
	});
});
