import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { RunningProvider } from '../../provider/start-provider';
import { CliProcess } from '../cli/helpers/cli-process';
import { closeServer, freeLoopbackPort, listenOnLoopback } from '../helpers/loopback-server';
import { startTestProvider } from '../provider/helpers/provider-fixture';

// The reference provider's dashboard in real Chromium (Debian's, installed by .ci/run), driven
// by playwright-core as a user would: add a Flowella webhook pointing at `hookbridge listen`,
// copy the secret from the page, Send test; break the receiver until Flowella disables the
// webhook, see the banner, Re-enable, deliveries resume; connect InboundFlow with a typed-in
// secret and Test Webhook. Every delivery is verified by the real listen process. Screenshots
// of each page go to docs/screenshots/ (the README shows them).

const CHROMIUM = process.env.HOOKBRIDGE_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = join(__dirname, '..', '..', 'docs', 'screenshots');
// Chromium on this machine: no sandbox (root), and no background traffic to a closed network.
const FLAGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

let provider: RunningProvider;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const listeners: CliProcess[] = [];

async function listen(provider: string, port: number, secret: string): Promise<CliProcess> {
	const process = new CliProcess([
		'listen',
		'--provider',
		provider,
		'--port',
		String(port),
		'--secret',
		secret,
	]);
	listeners.push(process);
	await process.waitFor(/ready/);
	return process;
}

async function shot(name: string): Promise<void> {
	await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
	mkdirSync(SHOTS, { recursive: true });
	// A thousandfold clock: Flowella's 30 s / 2 min / 8 min retries take well under a second.
	provider = await startTestProvider({ timeScale: 1000 });
	browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
	context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
	await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: provider.url });
	page = await context.newPage();
	// Nothing may leave the machine: every request the pages make is to the provider itself.
	page.on('request', (request) => {
		if (!request.url().startsWith(provider.url))
			throw new Error(`outside request ${request.url()}`);
	});
});

afterAll(async () => {
	await browser?.close();
	await Promise.all(listeners.map((l) => l.stop()));
	await provider?.close();
});

test('Flowella: add a webhook, copy the secret, send a test, auto-disable, re-enable', async () => {
	const outside: string[] = [];
	page.on('requestfailed', (r) => outside.push(r.url()));
	await page.goto(provider.url);
	await page.getByRole('button', { name: 'Create a Flowella account' }).click();
	await page.getByText(/Account acc_\w+ created/).waitFor();
	const settings = page.getByRole('link', { name: 'Settings → Webhooks' }).first();
	await settings.click();
	await page.getByRole('heading', { name: 'Settings → Webhooks' }).waitFor();

	const port = await freeLoopbackPort();
	await page.getByLabel('Endpoint URL').fill(`http://127.0.0.1:${port}/`);
	await page.getByLabel('message.received').check();
	await page.getByRole('button', { name: 'Add webhook' }).click();
	await page.getByText('Signing secret: copy it now').waitFor();
	await page.getByRole('button', { name: 'Copy' }).click();
	// Read back what the Copy button put on the clipboard, in the page (navigator is the page's).
	const secret = String(await page.evaluate('navigator.clipboard.readText()'));
	expect(secret).toMatch(/^fl_whsec_[0-9a-f]{48}$/);
	await shot('flowella-settings-webhooks');

	const receiver = await listen('flowella', port, secret);
	await page.getByRole('button', { name: 'Send test' }).click();
	await receiver.waitFor(/✔ flowella webhook\.test/);
	await page.getByRole('cell', { name: 'webhook.test' }).first().waitFor();

	// Break the receiver: Flowella disables the webhook after 10 failures in a row.
	await receiver.stop();
	const emit = page.url().replace(/\/settings$/, '/emit');
	await page.goto(emit);
	for (let i = 0; i < 3; i++) {
		await page.getByLabel('Event type').selectOption('message.received');
		await page.getByRole('button', { name: 'Emit event' }).click();
		await page.getByText(/emitted: 1 delivery queued/).waitFor();
	}
	await shot('emit-event');
	await page.goto(emit.replace(/\/emit$/, '/settings'));
	const banner = page.getByRole('alert');
	await banner.getByText(/disabled automatically after 10 failed deliveries/).waitFor({
		timeout: 20_000,
	});
	await shot('flowella-auto-disabled');

	const back = await listen('flowella', port, secret);
	await banner.getByRole('button', { name: 'Re-enable' }).click();
	await page.getByText('Webhook re-enabled').waitFor();
	expect(await banner.isHidden()).toBe(true);
	// The event whose retries were held resumes; a new one arrives too.
	await page.goto(emit);
	await page.getByRole('button', { name: 'Emit event' }).click();
	await back.waitFor(/✔ flowella message\.received[\s\S]*✔ flowella message\.received/, 20_000);
	expect(back.stdout + back.stderr).not.toMatch(/✖/);
	expect(outside).toEqual([]);
});

test('InboundFlow: connect a custom webhook with a secret, Test Webhook is verified', async () => {
	await page.goto(provider.url);
	await page.getByRole('button', { name: 'Create a InboundFlow account' }).click();
	await page.getByText(/Account [\w-]+ created/).waitFor();
	await page.getByRole('link', { name: 'Settings → Integrations' }).first().click();
	await page.getByRole('heading', { name: 'Settings → Integrations' }).waitFor();
	await page.getByLabel('n8n').check();
	await page.getByText('add the hookbridge trigger node').waitFor();
	const port = await freeLoopbackPort();
	const secret = 'a'.repeat(64);
	const receiver = await listen('inboundflow', port, secret);
	await page.getByLabel('Webhook URL').fill(`http://127.0.0.1:${port}/`);
	for (const box of await page.getByRole('checkbox').all()) await box.check();
	await page.getByLabel('Signing secret (optional)').fill(secret);
	// Keyboard only from here: the form works without a mouse.
	await page.getByRole('button', { name: 'Connect' }).focus();
	await page.keyboard.press('Enter');
	await page.getByText('Connected.').waitFor();
	await page.getByRole('button', { name: 'Test Webhook' }).click();
	await receiver.waitFor(/✔ inboundflow \S+/);
	await page
		.getByText(/Active · http:\/\/127\.0\.0\.1:\d+\/ · last response 200 · signed/)
		.waitFor();
	await shot('inboundflow-settings-integrations');
});

test('overview and a VelaFlows delivery log', async () => {
	// A subscription made through VelaFlows' API, as the Zapier app or the CLI would make it.
	const created = (await (
		await fetch(`${provider.url}/_admin/accounts`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ provider: 'velaflows' }),
		})
	).json()) as { id: string; apiKey: string };
	const port = await freeLoopbackPort();
	// VelaFlows subscriptions carry the subscriber's secret (its docs' Integrations API).
	const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
	const subscribed = await fetch(`${provider.personas.velaflows}/integrations/webhooks`, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			authorization: `Bearer ${created.apiKey}`,
			'x-workspace-id': created.id,
		},
		body: JSON.stringify({
			url: `http://127.0.0.1:${port}/`,
			events: ['crm.lead.created'],
			secret,
		}),
	});
	expect(subscribed.status).toBe(201);
	const receiver = await listen('velaflows', port, secret);
	await page.goto(`${provider.url}/dashboard/velaflows/${created.id}/emit`);
	await page.getByLabel('Event type').selectOption('crm.lead.created');
	await page.getByRole('button', { name: 'Emit event' }).click();
	await receiver.waitFor(/✔ velaflows crm\.lead\.created/);
	await page.goto(`${provider.url}/dashboard/velaflows/${created.id}/deliveries`);
	await page.getByRole('cell', { name: 'crm.lead.created' }).first().waitFor();
	await shot('velaflows-delivery-log');
	await page.goto(provider.url);
	await page.getByRole('cell', { name: created.id }).waitFor();
	await shot('overview');
});

// Values from the API are inserted as text: a receiver's hostile response body shows, not runs.
test('a hostile response body in the delivery log is shown as text, never run', async () => {
	const payload = '<img src=x onerror="window.__xss=1"><b>bold?</b>';
	const server = createServer((request, response) => {
		request.resume();
		response.writeHead(500, { 'content-type': 'text/html' }).end(payload);
	});
	const receiverUrl = await listenOnLoopback(server);
	try {
		const call = async (method: string, path: string, body?: unknown) => {
			const response = await fetch(`${provider.url}/_admin${path}`, {
				method,
				headers: body === undefined ? {} : { 'content-type': 'application/json' },
				...(body === undefined ? {} : { body: JSON.stringify(body) }),
			});
			return (await response.json()) as { id: string };
		};
		const account = await call('POST', '/accounts', { provider: 'flowella' });
		await call('PUT', `/flowella/accounts/${account.id}/webhook`, {
			url: `${receiverUrl}/`,
			events: ['message.received'],
		});
		await call('POST', `/flowella/accounts/${account.id}/webhook/test`);
		await page.goto(`${provider.url}/dashboard/flowella/${account.id}/settings`);
		await page.getByRole('cell', { name: payload }).first().waitFor();
		expect(await page.evaluate('window.__xss')).toBeUndefined();
		expect(await page.locator('main b').count()).toBe(0);
	} finally {
		await closeServer(server);
	}
});
