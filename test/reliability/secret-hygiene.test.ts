import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryDedupeStore, profiles } from '../../shared';
import { hookbridge } from '../cli/helpers/cli-process';
import { closeServer, listenOnLoopback } from '../helpers/loopback-server';
import { signedDelivery, signsUrl } from '../helpers/signed-delivery';
import { ForgeryGenerator, type HeaderPairs } from './helpers/forgeries';
import {
	n8nPath,
	receivePath,
	startListenPath,
	zapierPath,
	type Delivery,
	type Send,
} from './helpers/paths';
import { recordSummary } from './helpers/summary';
import { sqliteDriver } from '../../gateway/store/sqlite-driver';

// Secret hygiene: with recognisable secrets, everything hookbridge writes (the demo's output,
// `hookbridge listen`'s log lines, every refusal message, what the Zapier and n8n adapters hand
// on or answer, the reference provider's delivery log and stored events) is searched for each
// secret in every form it could leak in. Zero occurrences.

// URL-signing profiles (Twilio) are covered by their own SDK-signed suite.
const PROVIDERS = Object.values(profiles)
	.filter((profile) => !signsUrl(profile))
	.map((profile) => profile.id);
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A secret nobody could mistake, in the provider's own format. */
function canary(provider: string, seed: string): string {
	if (profiles[provider]?.signature.key === 'whsec-base64' || provider === 'velaflows') {
		return `whsec_${Buffer.from(`HBCANARY-${seed}-${provider}`.padEnd(32, '!').slice(0, 32)).toString('base64')}`;
	}
	return `HBCANARY${seed}${provider}`.padEnd(48, 'Q');
}

/** Every form a secret could leak in: whole, without its prefix, base64-decoded. */
function forms(secret: string): string[] {
	const out = new Set([secret]);
	const bare = secret.replace(/^(fl_)?whsec_/, '');
	if (bare.length >= 12) out.add(bare);
	const decoded = Buffer.from(bare, 'base64').toString('latin1');
	if (/^[\x20-\x7e]{12,}$/.test(decoded)) out.add(decoded);
	return [...out];
}

function occurrences(haystack: string, secrets: string[]): number {
	let count = 0;
	for (const secret of secrets)
		for (const form of forms(secret)) count += haystack.split(form).length - 1;
	return count;
}

const found: Record<string, { outputs: number; searched: number; hits: number }> = {};
afterAll(() => {
	const rows = Object.values(found);
	recordSummary({
		suite: 'secret hygiene: demo, listen, errors, adapters, delivery log',
		tried: rows.reduce((sum, r) => sum + r.outputs, 0),
		secretOccurrences: rows.reduce((sum, r) => sum + r.hits, 0),
		note: `${rows.reduce((sum, r) => sum + r.searched, 0).toLocaleString('en-US')} characters searched in ${Object.keys(found).join(', ')}`,
	});
});

function search(where: string, text: string, secrets: string[]): number {
	const hits = occurrences(text, secrets);
	const entry = (found[where] ??= { outputs: 0, searched: 0, hits: 0 });
	entry.outputs++;
	entry.searched += text.length;
	entry.hits += hits;
	console.log(`${where}: ${text.length} characters searched, ${hits} secret occurrences`);
	return hits;
}

test('the demo prints no secret or API key, and its delivery log and events hold none', async () => {
	const file = join(mkdtempSync(join(tmpdir(), 'hookbridge-hygiene-')), 'demo.sqlite');
	const run = await hookbridge(['demo', '--data', file]);
	expect(run.code).toBe(0);
	const db = new (sqliteDriver())(file, { readonly: true });
	try {
		const secrets = [
			...(
				db.prepare('SELECT secret FROM webhooks WHERE secret IS NOT NULL').all() as {
					secret: string;
				}[]
			).map((r) => r.secret),
			...(db.prepare('SELECT api_key FROM accounts').all() as { api_key: string }[]).map(
				(r) => r.api_key,
			),
		];
		expect(secrets.length).toBeGreaterThanOrEqual(8);
		expect(search('demo output', run.stdout + run.stderr, secrets)).toBe(0);
		const log = JSON.stringify([
			db.prepare('SELECT * FROM attempts').all(),
			db.prepare('SELECT * FROM deliveries').all(),
			db.prepare('SELECT * FROM events').all(),
			db
				.prepare(
					'SELECT id, provider, account_id, url, events, description, disabled_reason FROM webhooks',
				)
				.all(),
		]);
		expect(search('reference provider delivery log, events and webhooks', log, secrets)).toBe(0);
	} finally {
		db.close();
	}
});

describe.each(PROVIDERS)('with canary secrets for %s', (provider) => {
	const current = canary(provider, 'NEW');
	const previous = canary(provider, 'OLD');
	const secrets = [current, previous];

	/** Valid, forged (incl. signed with the other canary) and hostile deliveries. */
	function deliveries(): Delivery[] {
		const generator = new ForgeryGenerator(provider, 9, nowSeconds);
		const sign = (secret: string, body: Buffer) => ({
			body,
			headers: Object.entries(
				signedDelivery(provider, body, secret, { timestamp: nowSeconds() }).headers,
			) as HeaderPairs,
		});
		const sample = Buffer.from(
			JSON.stringify(
				profiles[provider]?.events[0]?.sample ?? profiles[provider]?.anyEventSample ?? {},
			),
		);
		return [
			sign(current, sample),
			sign(previous, sample),
			sign(canary(provider, 'WRONG'), sample),
			sign(current, Buffer.from('{"data":' + '['.repeat(100) + ']'.repeat(100) + '}')),
			sign(current, Buffer.from('not json')),
			...Array.from({ length: 60 }, () => generator.next()),
		];
	}

	test('listen, with a relay that fails, logs no secret', async () => {
		const relay = await failingRelay();
		const listen = await startListenPath(provider, secrets, ['--forward', relay.url]);
		try {
			for (const d of deliveries()) await listen.send(d);
		} finally {
			await listen.stop();
			await closeServer(relay.server);
		}
		expect(
			search('hookbridge listen output', listen.listen.stdout + listen.listen.stderr, secrets),
		).toBe(0);
		// The search covered refusals and relay failures, not only accepted events.
		expect(listen.listen.stdout + listen.listen.stderr).toMatch(/signature_mismatch/);
		expect(listen.listen.stdout + listen.listen.stderr).toMatch(/forward failed/);
	});

	test('receive(), Zapier and n8n: no secret in any refusal, event or answer', async () => {
		const ways: [string, Send][] = [
			['receive()', receivePath(provider, { secrets, dedupe: new MemoryDedupeStore() })],
			['Zapier perform', zapierPath(provider, current, previous)],
			['n8n webhook()', n8nPath(provider, current, previous)],
		];
		for (const [way, send] of ways) {
			const outputs: unknown[] = [];
			for (const d of deliveries()) outputs.push(await send(d));
			expect(search(`${way} outputs and errors`, JSON.stringify(outputs), secrets)).toBe(0);
		}
	});
});

/** A relay target that answers 500 with the request's headers echoed back, as a buggy one might. */
async function failingRelay(): Promise<{ server: Server; url: string }> {
	const server = createServer((request, response) => {
		request.resume();
		response.writeHead(500, { 'content-type': 'application/json' });
		response.end(JSON.stringify({ echoed: request.headers }));
	});
	return { server, url: `${await listenOnLoopback(server)}/relay` };
}
