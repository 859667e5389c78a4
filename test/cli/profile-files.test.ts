import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { providerIds } from '../../shared';
import { CHATTER_YAML, FORGE } from '../helpers/profile-fixtures';
import { CliProcess, hookbridge } from './helpers/cli-process';

// Each test spawns the built CLI: a timeout sized for a loaded 2-core machine.
jest.setTimeout(60_000);

// Profiles of providers hookbridge does not ship, written here to a temporary folder: a
// Slack-style manual one (`v0:timestamp:body`, YAML) and a GitHub-style one with a management
// API (`sha256=` over the body, JSON). Deliveries are signed here with node:crypto.
const folder = mkdtempSync(join(tmpdir(), 'hookbridge-profiles-'));
const NOW = 1_767_225_600;

const chatterYaml = CHATTER_YAML;
const forge = FORGE;

const chatterFile = join(folder, 'chatter.yaml');
const forgeFile = join(folder, 'forge.json');
writeFileSync(chatterFile, chatterYaml);
writeFileSync(forgeFile, JSON.stringify(forge, null, 2));

const chatterSecret = 'chatter-signing-secret-0123456789';
const forgeSecret = 'forge hook secret';
const hmacHex = (key: string, text: string) => createHmac('sha256', key).update(text).digest('hex');
const headerFlags = (headers: Record<string, string>) =>
	Object.entries(headers).flatMap(([k, v]) => ['--header', `${k}: ${v}`]);

const chatterBody = JSON.stringify({
	team_id: 'T001',
	event_id: 'Ev777',
	event_time: NOW,
	event: { type: 'message', text: 'signed by the test', user: 'U42' },
});
const chatterHeaders = (body: string, secret = chatterSecret) => ({
	'x-chatter-request-timestamp': String(NOW),
	'x-chatter-signature': `v0=${hmacHex(secret, `v0:${NOW}:${body}`)}`,
});
const forgeBody = JSON.stringify({ ref: 'refs/heads/main', commits: [{ id: 'abc' }] });
const forgeHeaders = (body: string, secret = forgeSecret, delivery = 'd-1') => ({
	'x-forge-delivery': delivery,
	'x-forge-event': 'push',
	'x-forge-signature-256': `sha256=${hmacHex(secret, body)}`,
});

describe('hookbridge profile check', () => {
	test.each([chatterFile, forgeFile])('accepts %s and reads back its samples', async (file) => {
		const run = await hookbridge(['profile', 'check', file]);
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		expect(run.stdout).toMatch(/is valid: .*1 event type/);
	});

	test('names the path and the problem of an invalid file (exit 2)', async () => {
		const bad = join(folder, 'bad.yaml');
		const text = chatterYaml
			.replace('{ part: timestamp }', '{ part: clock }')
			.replace('pattern: "^U"', '$ref: "#/defs/user"');
		writeFileSync(bad, text);
		const run = await hookbridge(['profile', 'check', bad]);
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('invalid_profile');
		expect(run.stderr).toMatch(/signature\.content\.1(\.part)?: /);
		writeFileSync(bad, chatterYaml.replace('pattern: "^U"', '$ref: "#/defs/user"'));
		const keyword = await hookbridge(['profile', 'check', bad]);
		expect(keyword.code).toBe(2);
		expect(keyword.stderr).toContain('events.0.schema.properties.user.$ref');
	});

	test('a sample that does not match its schema is reported with its path (exit 1)', async () => {
		const bad = join(folder, 'bad-sample.yaml');
		writeFileSync(bad, chatterYaml.replace('user: U123', 'user: X123'));
		const run = await hookbridge(['profile', 'check', bad]);
		expect(run.code).toBe(1);
		expect(run.stderr).toMatch(/events\.0\.sample: data\.user: /);
	});

	test('a file that is not YAML or JSON is refused as such', async () => {
		const bad = join(folder, 'broken.json');
		writeFileSync(bad, '{ "id": "x", ');
		const run = await hookbridge(['profile', 'check', bad]);
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(/^invalid_profile: [\s\S]*not valid YAML or JSON/);
	});
});

describe('hookbridge profile init and schema', () => {
	test('the starter profile passes check and the JSON Schema of the format', async () => {
		const out = join(folder, 'starter.yaml');
		expect((await hookbridge(['profile', 'init', '--out', out])).code).toBe(0);
		expect((await hookbridge(['profile', 'init', '--out', out])).code).toBe(2);
		expect((await hookbridge(['profile', 'check', out])).code).toBe(0);
		const schema = JSON.parse((await hookbridge(['profile', 'schema'])).stdout) as object;
		const validate = new Ajv2020({ strict: false, validateFormats: false }).compile(schema);
		expect(validate(parse(readFileSync(out, 'utf8')))).toBe(true);
		// The same JSON Schema refuses what the loader refuses.
		expect(validate({ ...(parse(chatterYaml) as object), signature: { header: 'X-Upper' } })).toBe(
			false,
		);
	});

	test.each(providerIds)('--like %s writes a file that passes check', async (id) => {
		const out = join(folder, `like-${id}.yaml`);
		expect((await hookbridge(['profile', 'init', '--like', id, '--out', out])).code).toBe(0);
		const run = await hookbridge(['profile', 'check', out]);
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
	});
});

describe('hookbridge verify --profile <file>', () => {
	const base = (file: string, secret: string) => [
		'verify',
		'--profile',
		file,
		'--secret',
		secret,
		'--now',
		String(NOW),
	];

	test('a delivery signed as the file says is accepted, a forgery refused', async () => {
		const ok = await hookbridge(
			[...base(chatterFile, chatterSecret), ...headerFlags(chatterHeaders(chatterBody))],
			chatterBody,
		);
		expect(ok.stderr).toBe('');
		expect(JSON.parse(ok.stdout)).toMatchObject({
			provider: 'chatter',
			id: 'Ev777',
			type: 'message',
			accountId: 'T001',
			known: true,
			verified: true,
			validation: { ok: true },
		});
		const forged = await hookbridge(
			[...base(chatterFile, chatterSecret), ...headerFlags(chatterHeaders(chatterBody, 'guess'))],
			chatterBody,
		);
		expect(forged.code).toBe(1);
		expect(forged.stderr).toMatch(/^signature_mismatch: /);
	});

	test('the API-style file verifies too, and --provider with --profile is a usage error', async () => {
		const ok = await hookbridge(
			[...base(forgeFile, forgeSecret), ...headerFlags(forgeHeaders(forgeBody))],
			forgeBody,
		);
		expect(JSON.parse(ok.stdout)).toMatchObject({ provider: 'forge', id: 'd-1', type: 'push' });
		const tampered = await hookbridge(
			[...base(forgeFile, forgeSecret), ...headerFlags(forgeHeaders(forgeBody))],
			forgeBody.replace('abc', 'abd'),
		);
		expect(tampered.stderr).toMatch(/^signature_mismatch: /);
		const both = await hookbridge([...base(forgeFile, forgeSecret), '--provider', 'github']);
		expect(both.code).toBe(2);
	});
});

describe('hookbridge listen --profile <file>', () => {
	let listen: CliProcess;
	let url: string;

	beforeAll(async () => {
		listen = new CliProcess([
			'listen',
			'--profile',
			forgeFile,
			'--port',
			'0',
			'--secret',
			forgeSecret,
		]);
		url = (await listen.waitFor(/deliveries on (http:\/\/127\.0\.0\.1:\d+)\//))[1] ?? '';
	});
	afterAll(async () => {
		expect(await listen.stop()).toBe(0);
	});

	const post = (body: string, headers: Record<string, string>) =>
		fetch(`${url}/`, {
			method: 'POST',
			body,
			headers: { 'content-type': 'application/json', ...headers },
		});

	test('signed is 200, forged 401, a repeat 200 as a duplicate', async () => {
		expect((await post(forgeBody, forgeHeaders(forgeBody, forgeSecret, 'd-9'))).status).toBe(200);
		await listen.waitFor(/✔ forge push d-9/);
		expect((await post(forgeBody, forgeHeaders(forgeBody, 'guess', 'd-10'))).status).toBe(401);
		await listen.waitFor(/✖ 401 signature_mismatch/);
		expect((await post(forgeBody, forgeHeaders(forgeBody, forgeSecret, 'd-9'))).status).toBe(200);
		await listen.waitFor(/↺ duplicate forge push d-9/);
	});
});
