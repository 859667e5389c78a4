#!/usr/bin/env node
'use strict';
// Smoke-tests a built Zapier app the way Zapier's Lambda runs it, from a clean unzip of
// build/build.zip (no node_modules above it):
//   node zapier/scripts/smoke-built-app.js <unzipped-dir> <provider-id>
// 1. perform on a delivery signed here with node:crypto (Zapier's Http- header shape), a forged
//    copy refused, a repeat dropped; `validate` clean.
// 2. API providers: performSubscribe against a running reference provider (root dist/), the
//    provider delivers to a local hook server that hands the request to perform exactly as
//    Zapier would, then performUnsubscribe leaves the provider with no hook.
// Zapier's cloud is the one thing stood in for: z.cache's RPC is the core's own test stub
// (`zcacheTestObj`), and the hook URL is a local server.
const { createHmac } = require('node:crypto');
const { createServer } = require('node:http');
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

const [dir, provider] = process.argv.slice(2);
const root = path.join(__dirname, '..', '..');
const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;
const hmac = (key, data, encoding) => createHmac('sha256', key).update(data).digest(encoding);

/** Each provider's documented signature, written out independently of the app under test. */
function sign(id, body, secret, timestamp, messageId) {
	switch (id) {
		case 'velaflows':
			return { 'X-Webhook-Signature': `sha256=${hmac(secret, body, 'hex')}` };
		case 'vellocity':
			return { 'X-Vellocity-Signature': `sha256=${hmac(secret, body, 'hex')}` };
		case 'flowella':
			return { 'X-Flowella-Signature': hmac(secret, body, 'hex') };
		case 'inboundflow':
			return {
				'X-InboundFlow-Timestamp': String(timestamp),
				'X-InboundFlow-Signature': `sha256=${hmac(secret, `${timestamp}.${body}`, 'hex')}`,
			};
		case 'standard-webhooks': {
			const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
			return {
				'Webhook-Id': messageId,
				'Webhook-Timestamp': String(timestamp),
				'Webhook-Signature': `v1,${hmac(key, `${messageId}.${timestamp}.${body}`, 'base64')}`,
			};
		}
		default:
			throw new Error(`unknown provider ${id}`);
	}
}

/** Node's lower-case headers as Zapier hands them to perform: Http- + Camel-Case. */
function zapierHeaders(headers) {
	const out = {};
	for (const [name, value] of Object.entries(headers)) {
		const camel = name
			.toLowerCase()
			.replace(/(^|-)([a-z])/g, (_, dash, c) => dash + c.toUpperCase());
		out[/^content-(type|length)$/i.test(name) ? camel : `Http-${camel}`] = String(value);
	}
	return out;
}

async function main() {
	let start = process.hrtime.bigint();
	const { handler } = require(path.join(path.resolve(dir), 'zapierwrapper.js'));
	const requireMs = ms(start);
	const definition = (await handler({ command: 'definition', calledFromCli: true })).results;
	const { profiles } = require(path.join(root, 'dist', 'shared'));
	const profile = profiles[provider];
	const sample = profile.events[0] ? profile.events[0].sample : profile.anyEventSample;
	const type = sample.event || sample.type || sample.eventType;
	const key = profile.events[0]
		? type.replace(/[^a-zA-Z0-9]+(.)?/g, (_, c) => (c || '').toUpperCase())
		: 'anyEvent';
	if (!definition.triggers[key]) throw new Error(`no trigger ${key}`);
	const secret =
		profile.signature.key === 'whsec-base64'
			? `whsec_${Buffer.alloc(32, 7).toString('base64')}`
			: 'smoke-secret';
	const body = JSON.stringify(sample);
	const now = Math.floor(Date.now() / 1000);
	const zcacheTestObj = {};
	const execute = (method, bundle) =>
		handler({
			command: 'execute',
			method: `triggers.${key}.operation.${method}`,
			bundle,
			zcacheTestObj,
			calledFromCli: true,
		});
	const bundleFor = (headers, content = body) => ({
		authData: profile.api ? {} : { signingSecret: secret },
		inputData: {},
		...(profile.api ? { subscribeData: { id: 'sub_smoke', secret } } : {}),
		rawRequest: {
			method: 'POST',
			querystring: '',
			headers: zapierHeaders({ 'content-type': 'application/json', ...headers }),
			content,
		},
	});

	start = process.hrtime.bigint();
	const good = await execute('perform', bundleFor(sign(provider, body, secret, now, 'msg_smoke')));
	const firstPerformMs = ms(start);
	if (!good.results[0] || good.results[0].type !== type || good.results[0].verified !== true)
		throw new Error(`perform: ${JSON.stringify(good.results)}`);
	const repeat = await execute(
		'perform',
		bundleFor(sign(provider, body, secret, now, 'msg_smoke')),
	);
	if (repeat.results.length !== 0) throw new Error('a repeat was not dropped');
	let forged = 'accepted';
	try {
		const wrong =
			profile.signature.key === 'whsec-base64'
				? `whsec_${Buffer.alloc(32, 9).toString('base64')}`
				: 'forged-secret';
		await execute('perform', bundleFor(sign(provider, body, wrong, now, 'msg_forged')));
	} catch (error) {
		forged = String(error.message);
	}
	if (!forged.includes('signature_mismatch')) throw new Error(`forged delivery: ${forged}`);
	const validation = await handler({ command: 'validate', calledFromCli: true });
	if (validation.results.length) throw new Error(`validate: ${JSON.stringify(validation.results)}`);
	const e2e = profile.api
		? await againstReferenceProvider(handler, profile, key, type)
		: 'static hook';
	console.log(
		JSON.stringify({
			provider,
			node: process.version,
			triggers: Object.keys(definition.triggers).length,
			requireMs,
			firstPerformMs,
			forged: 'refused',
			e2e,
		}),
	);
}

async function againstReferenceProvider(handler, profile, key, type) {
	const { startProvider } = require(path.join(root, 'dist', 'provider', 'start-provider.js'));
	const running = await startProvider({
		port: 0,
		dataFile: path.join(mkdtempSync(path.join(tmpdir(), 'hookbridge-zapier-smoke-')), 'p.sqlite'),
		allowLoopback: true,
	});
	const post = async (url, payload) =>
		(
			await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(payload),
			})
		).json();
	const account = await post(`${running.url}/_admin/accounts`, { provider: profile.id });
	const authData = {
		apiKey: account.apiKey,
		workspaceId: account.id,
		baseUrl: running.personas[profile.id],
	};
	const execute = (method, bundle) =>
		handler({
			command: 'execute',
			method: `triggers.${key}.operation.${method}`,
			bundle: { inputData: {}, authData, ...bundle },
			zcacheTestObj: {},
			calledFromCli: true,
		});
	let subscribeData;
	const received = [];
	const hook = createServer((request, response) => {
		let content = '';
		request.on('data', (chunk) => (content += chunk));
		request.on('end', () => {
			execute('perform', {
				subscribeData,
				rawRequest: {
					method: 'POST',
					querystring: '',
					headers: zapierHeaders(request.headers),
					content,
				},
			}).then(
				(result) => (received.push(...result.results), response.writeHead(200).end()),
				() => response.writeHead(500).end(),
			);
		});
	});
	await new Promise((resolve) => hook.listen(0, '127.0.0.1', resolve));
	const targetUrl = `http://127.0.0.1:${hook.address().port}/hooks/standard/1/smoke/`;
	try {
		subscribeData = (await execute('performSubscribe', { targetUrl })).results;
		const sent = await post(`${running.url}/_admin/${profile.id}/events`, {
			account: account.id,
			type,
		});
		const deadline = Date.now() + 10_000;
		while (!received.some((e) => e.id === sent.eventId)) {
			if (Date.now() > deadline)
				throw new Error("the reference provider's delivery never came out of perform");
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		await execute('performUnsubscribe', { subscribeData });
		const left = running.context.webhooks.list(profile.id, account.id);
		if (left.length !== 0) throw new Error(`hooks left after unsubscribe: ${left.length}`);
		return `subscribed ${subscribeData.id}, delivered ${sent.eventId} through perform, unsubscribed`;
	} finally {
		hook.closeAllConnections();
		hook.close();
		await running.close();
	}
}

main().catch((error) => {
	console.error(`smoke failed (${provider}): ${error.stack || error}`);
	process.exit(1);
});
