import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { profiles } from '../../shared';
import { NOW_SECONDS, secretFor, signedDelivery } from '../helpers/signed-delivery';
import { hookbridge } from './helpers/cli-process';

const headerFlags = (headers: Record<string, string>) =>
	Object.entries(headers).flatMap(([k, v]) => ['--header', `${k}: ${v}`]);

describe.each(Object.keys(profiles))('hookbridge verify --provider %s', (provider) => {
	const secret = secretFor(provider);
	const profile = profiles[provider];
	const sample = profile?.events[0]?.sample ?? profile?.anyEventSample;
	const body = JSON.stringify(sample);
	const signed = signedDelivery(provider, body, secret);
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
		['no --provider', ['verify', '--secret', 's'], 'error'],
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
