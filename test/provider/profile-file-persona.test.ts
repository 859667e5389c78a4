import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import twilio from 'twilio';
import { parse } from 'yaml';
import { loadProfile, profiles, verifyDelivery } from '../../shared';
import type { RunningProvider } from '../../provider/start-provider';
import { closeServer, listenOnLoopback } from '../helpers/loopback-server';
import { CHATTER_YAML } from '../helpers/profile-fixtures';
import { call, createAccount, emit, startTestProvider } from './helpers/provider-fixture';

// The reference provider impersonating providers it knows only from profile data: a Slack-style
// profile file written here (`v0:timestamp:body`, manual mode, the provider makes the secret),
// and the built-in Twilio profile, which signs the URL and sorted form parameters. Each delivery
// is checked with node:crypto or twilio's own library, then read back with receive().
const chatter = loadProfile(parse(CHATTER_YAML));

interface Captured {
	url: string;
	headers: IncomingHttpHeaders;
	body: string;
}

class Capture {
	readonly received: Captured[] = [];
	private server: Server | undefined;
	url = '';

	async start(): Promise<this> {
		this.server = createServer((request, response) => {
			let body = '';
			request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
			request.on('end', () => {
				this.received.push({ url: request.url ?? '/', headers: request.headers, body });
				response.end('ok');
			});
		});
		this.url = await listenOnLoopback(this.server);
		return this;
	}

	stop(): Promise<void> {
		return closeServer(this.server);
	}

	async next(count: number): Promise<Captured> {
		const deadline = Date.now() + 20_000;
		while (this.received.length < count) {
			if (Date.now() > deadline) throw new Error(`${this.received.length} deliveries arrived`);
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		return this.received[count - 1] as Captured;
	}
}

let provider: RunningProvider;
let capture: Capture;

beforeAll(async () => {
	provider = await startTestProvider({ profiles: [chatter] });
	capture = await new Capture().start();
});
afterAll(async () => {
	await provider.close();
	await capture.stop();
});

const header = (captured: Captured, name: string) => String(captured.headers[name] ?? '');

test('a profile file gets accounts, a dashboard webhook with a generated secret, and signed deliveries', async () => {
	const account = await createAccount(provider, 'chatter');
	const added = await call('PUT', `${provider.url}/_admin/chatter/accounts/${account.id}/webhook`, {
		url: `${capture.url}/chatter`,
		events: ['message'],
	});
	expect(added.status).toBe(200);
	const secret = added.body.secret as string;
	expect(secret).toMatch(/^chs_[0-9a-f]{48}$/);
	const sent = await emit(provider, 'chatter', account.id, 'message', {
		text: 'from the provider',
	});
	const delivered = await capture.next(1);
	const timestamp = header(delivered, 'x-chatter-request-timestamp');
	const expected = createHmac('sha256', secret).update(`v0:${timestamp}:${delivered.body}`);
	expect(header(delivered, 'x-chatter-signature')).toBe(`v0=${expected.digest('hex')}`);
	const event = verifyDelivery(
		chatter,
		{ headers: delivered.headers, body: delivered.body },
		{ secrets: secret },
	);
	expect(event).toMatchObject({
		id: sent.eventId,
		type: 'message',
		accountId: account.id,
		data: { text: 'from the provider' },
	});
});

test('Twilio is impersonated from its profile: a form body signed over the URL, as twilio computes', async () => {
	const account = await createAccount(provider, 'twilio');
	const url = `${capture.url}/twilio/status?store=7`;
	const added = await call('PUT', `${provider.url}/_admin/twilio/accounts/${account.id}/webhook`, {
		url,
		events: ['delivered'],
	});
	expect(added.status).toBe(200);
	// The Auth Token is Twilio's (the profile's secret origin): shown when the webhook is added.
	const token = added.body.secret as string;
	expect(token).toMatch(/^[0-9a-f]{32}$/);
	await emit(provider, 'twilio', account.id, 'delivered');
	const delivered = await capture.next(2);
	expect(header(delivered, 'content-type')).toBe('application/x-www-form-urlencoded');
	const params = Object.fromEntries(new URLSearchParams(delivered.body));
	expect(twilio.validateRequest(token, header(delivered, 'x-twilio-signature'), url, params)).toBe(
		true,
	);
	const event = verifyDelivery(
		profiles.twilio ?? chatter,
		{ headers: delivered.headers, body: delivered.body, url },
		{ secrets: token },
	);
	expect(event).toMatchObject({ type: 'delivered', accountId: account.id, known: true });
});
