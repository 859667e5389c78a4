import { createHmac } from 'node:crypto';
import twilio from 'twilio';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GatewayConfigError } from '../../gateway/config/config-error';
import { loadGatewayConfig } from '../../gateway/config/load-config';
import { TestReceiver } from '../provider/helpers/test-receiver';
import {
	RELAY_SECRET,
	startGatewayProcess,
	tempDir,
	waitUntil,
	writeConfig,
	type GatewayProcess,
} from './helpers/gateway-fixture';

// A gateway source described by a profile file in the config's folder (a provider hookbridge
// does not ship: `x-acme-signature: v1=<hex>` over `timestamp.body`), run as a real gateway
// process on SQLite. Deliveries are signed here with node:crypto.
const SECRET = 'acme signing secret for the gateway test';
const TWILIO_TOKEN = 'twilio auth token for the gateway test';
const TWILIO_PUBLIC = 'https://hooks.example.com/in/sms';
const profileYaml = `
id: acme
name: Acme
docsUrl: https://docs.acme.example/webhooks
signature:
  header: x-acme-signature
  prefix: "v1="
  content: [{ part: timestamp }, { part: text, text: "." }, { part: body }]
  timestampHeader: x-acme-timestamp
envelope:
  id: [{ body: id }]
  type: [{ body: type }]
events:
  - type: invoice.paid
    title: Invoice Paid
    schema: { type: object, required: [amount], properties: { amount: { type: integer } } }
    sample: { id: evt_1, type: invoice.paid, data: { amount: 5 } }
`;

function signed(id: string, secret = SECRET) {
	const body = JSON.stringify({ id, type: 'invoice.paid', data: { amount: 42 } });
	const timestamp = String(Math.floor(Date.now() / 1000));
	const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
	return {
		body,
		headers: {
			'content-type': 'application/json',
			'x-acme-timestamp': timestamp,
			'x-acme-signature': `v1=${signature}`,
		},
	};
}

describe('a gateway source with profile: <file>', () => {
	let destination: TestReceiver;
	let gateway: GatewayProcess;

	beforeAll(async () => {
		destination = await new TestReceiver({
			provider: 'standard-webhooks',
			secrets: { '/relay': RELAY_SECRET },
		}).start();
		const dir = tempDir();
		writeFileSync(join(dir, 'acme.yaml'), profileYaml);
		const config = writeConfig(dir, {
			store: `sqlite:${dir}/gateway.sqlite`,
			listen: { host: '127.0.0.1', port: 0 },
			allowLoopback: true,
			sources: [
				{ id: 'acme', profile: 'acme.yaml', secrets: [SECRET] },
				// Twilio signs the URL it calls: the public one, behind the operator's proxy.
				{ id: 'sms', provider: 'twilio', secrets: [TWILIO_TOKEN], publicUrl: TWILIO_PUBLIC },
			],
			destinations: [{ id: 'zap', url: `${destination.url}/relay`, secret: RELAY_SECRET }],
		});
		gateway = await startGatewayProcess(config);
	}, 90_000);

	afterAll(async () => {
		await gateway?.process.stop();
		await destination?.stop();
	});

	test('a delivery signed as the file says is relayed, verified; a forgery is refused', async () => {
		const post = (delivery: ReturnType<typeof signed>) =>
			fetch(`${gateway.url}/in/acme`, { method: 'POST', ...delivery });
		const forged = await post(signed('evt_forged', 'not the secret'));
		expect(forged.status).toBe(401);
		expect(((await forged.json()) as { error: { code: string } }).error.code).toBe(
			'signature_mismatch',
		);
		expect((await post(signed('evt_genuine'))).status).toBe(200);
		await waitUntil('the genuine event to be relayed', () => destination.received.length >= 1);
		const relayed = JSON.parse(destination.received[0]?.body.toString() ?? '{}') as Record<
			string,
			unknown
		>;
		expect(relayed).toMatchObject({ id: 'evt_genuine', provider: 'acme', type: 'invoice.paid' });
		expect(destination.received.every((d) => d.independentlyVerified)).toBe(true);
	}, 60_000);

	test('a Twilio source verifies over its public URL and the query, as twilio signs', async () => {
		const params = { MessageSid: 'SM9', AccountSid: 'AC9', SmsStatus: 'received', Body: 'hi' };
		const post = (signature: string) =>
			fetch(`${gateway.url}/in/sms?store=7`, {
				method: 'POST',
				headers: {
					'content-type': 'application/x-www-form-urlencoded',
					'x-twilio-signature': signature,
					'i-twilio-idempotency-token': 'tok-1',
				},
				body: new URLSearchParams(params).toString(),
			});
		const local = twilio.getExpectedTwilioSignature(
			TWILIO_TOKEN,
			`${gateway.url}/in/sms?store=7`,
			params,
		);
		expect((await post(local)).status).toBe(401);
		const signed = twilio.getExpectedTwilioSignature(
			TWILIO_TOKEN,
			`${TWILIO_PUBLIC}?store=7`,
			params,
		);
		expect((await post(signed)).status).toBe(200);
		await waitUntil('the Twilio event to be relayed', () =>
			destination.received.some((d) => d.body.toString().includes('"provider":"twilio"')),
		);
	}, 60_000);
});

describe('loadGatewayConfig with profile files', () => {
	const dir = tempDir();
	const load = (source: Record<string, unknown>) => {
		const file = writeConfig(dir, {
			sources: [{ id: 'acme', secrets: [SECRET], ...source }],
			destinations: [{ id: 'zap', url: 'https://hooks.example.com/x', secret: RELAY_SECRET }],
		});
		try {
			return loadGatewayConfig(file);
		} catch (error) {
			if (error instanceof GatewayConfigError) return error;
			throw error;
		}
	};

	test('the profile is loaded relative to the config file', () => {
		writeFileSync(join(dir, 'acme.yaml'), profileYaml);
		const config = load({ profile: 'acme.yaml' });
		expect(config).not.toBeInstanceOf(GatewayConfigError);
		if (config instanceof GatewayConfigError) return;
		expect(config.sources[0]).toMatchObject({ provider: 'acme', profile: { name: 'Acme' } });
	});

	test('a broken profile file is named at the source, with the path inside the file', () => {
		writeFileSync(
			join(dir, 'bad.yaml'),
			profileYaml.replace('{ part: timestamp }', '{ part: now }'),
		);
		const error = load({ profile: 'bad.yaml' });
		expect(error).toBeInstanceOf(GatewayConfigError);
		if (!(error instanceof GatewayConfigError)) return;
		expect(error.issues).toEqual([
			expect.objectContaining({
				path: 'sources[0].profile',
				message: expect.stringMatching(/^bad\.yaml at signature\.content\.0/),
			}),
		]);
	});

	test('a source of a URL-signing provider without publicUrl is refused at publicUrl', () => {
		const error = load({ provider: 'twilio', secrets: [TWILIO_TOKEN] });
		expect(error).toBeInstanceOf(GatewayConfigError);
		if (error instanceof GatewayConfigError) {
			expect(error.issues).toEqual([
				expect.objectContaining({
					path: 'sources[0].publicUrl',
					message: expect.stringMatching(/signs the URL/),
				}),
			]);
		}
	});

	test('a missing file, and provider with profile, are refused', () => {
		const missing = load({ profile: 'nope.yaml' });
		expect(missing).toBeInstanceOf(GatewayConfigError);
		if (missing instanceof GatewayConfigError) {
			expect(missing.issues[0]?.message).toMatch(/nope\.yaml: cannot be read \(ENOENT\)/);
		}
		writeFileSync(join(dir, 'acme.yaml'), profileYaml);
		const both = load({ profile: 'acme.yaml', provider: 'github' });
		expect(both).toBeInstanceOf(GatewayConfigError);
		if (both instanceof GatewayConfigError) {
			expect(both.issues[0]).toMatchObject({ path: 'sources[0].provider', message: /both/ });
		}
	});
});
