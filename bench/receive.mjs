// Receive speed: hookbridge against the physical floor (HMAC + timingSafeEqual + JSON.parse on the
// same bytes) and against the best-known webhook libraries doing equivalent work.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import { measureAll, pairedRatio } from './measure.mjs';

const require = createRequire(import.meta.url);
const hb = require('../dist/shared/index.js');
const { verifySignature } = require('../dist/shared/receive/verify-signature.js');
const { normalizeHeaders } = require('../dist/shared/receive/header-map.js');
const { signingKey } = require('../dist/shared/receive/signing-key.js');
const { Webhook: SvixWebhook } = require('svix');
const { Webhook: StandardWebhook } = require('standardwebhooks');
const Stripe = require('stripe');
const { verify: octokitVerify } = await import('@octokit/webhooks-methods');

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const KEY = Buffer.from(SECRET.slice(6), 'base64');
const POOL = 2048;

/**
 * The data of a delivery whose payload differs from the catalog's assumed schema, as real
 * VelaFlows payloads may (its docs show only eventId and eventType): snake_case names and a
 * capitalised channel, so four of the schema's fields fail (three missing, one not in the enum).
 */
function offCatalogData(n) {
	return {
		message_id: `msg_${n}`,
		conversation_id: 'conv_81',
		channel: 'WhatsApp',
		from: '+14155550123',
		text: 'Hola!',
		received_at: '2026-02-24T20:59:58.000Z',
		history: [],
	};
}

/**
 * A realistic VelaFlows event of about `bytes` bytes, with its own event id; `offCatalog` gives
 * it data that misses the catalog schema in the same number of bytes.
 */
function eventBody(bytes, n, offCatalog = false) {
	const message = (i) => ({
		messageId: `msg_${n}_${i}`,
		from: '+14155550123',
		text: 'Hi, is the blue jacket still in stock in size M? Could you also check delivery to Berlin next week?',
		receivedAt: '2026-02-24T20:59:58.000Z',
		attachments: [],
	});
	const body = {
		eventId: `evt_${String(n).padStart(8, '0')}`,
		eventType: 'inbox.message.received',
		workspaceId: 'ws_64f1c2a9b7',
		timestamp: '2026-02-24T21:00:00.000Z',
		data: offCatalog
			? offCatalogData(n)
			: {
					messageId: `msg_${n}`,
					conversationId: 'conv_81',
					channel: 'whatsapp',
					from: '+14155550123',
					text: 'Hola!',
					receivedAt: '2026-02-24T20:59:58.000Z',
					history: [],
				},
	};
	for (let i = 0; JSON.stringify(body).length < bytes; i++) body.data.history.push(message(i));
	return Buffer.from(JSON.stringify(body));
}

/** The bench measures what it says: catalog data validates, off-catalog data does not. */
function assertValidation(profile, delivery, ok) {
	const event = hb.verifyDelivery(profile, delivery, { secrets: SECRET });
	if (event.validation.ok !== ok || (!ok && event.validation.issues.length !== 4)) {
		throw new Error(`bench: expected validation ok=${ok}, got ${JSON.stringify(event.validation)}`);
	}
}

export async function receiveBench({ quick = false } = {}) {
	const rows = [];
	const sizes = quick ? [1024] : [1024, 64 * 1024];
	const opts = quick
		? { rounds: 2, roundMs: 60, warmupMs: 30 }
		: // Many short rounds: a garbage collection lands on one round and the median drops it.
			// With 35 rounds of 80 ms nearly every round took part of one, per-round ratios spread
			// ±20 % and a run's 64 KB figures moved by ±4 %; 112 rounds of 25 ms, ±1 % (same time).
			{ rounds: 112, roundMs: 25, warmupMs: 300 };
	const velaflows = hb.profiles.velaflows;
	const standard = hb.profiles['standard-webhooks'];
	const now = Math.floor(Date.now() / 1000);
	const stripe = new Stripe('sk_test_bench');
	for (const size of sizes) {
		const bodies = Array.from({ length: POOL }, (_, n) => eventBody(size, n));
		const velaSigned = (body) => ({
			body,
			headers: {
				'x-webhook-signature': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
			},
		});
		const vela = bodies.map(velaSigned);
		const velaOff = Array.from({ length: POOL }, (_, n) => velaSigned(eventBody(size, n, true)));
		assertValidation(velaflows, vela[0], true);
		assertValidation(velaflows, velaOff[0], false);
		const sw = bodies.map((body, n) => {
			const id = `msg_${n}`;
			const signature = `v1,${createHmac('sha256', KEY).update(`${id}.${now}.`).update(body).digest('base64')}`;
			return {
				body,
				headers: {
					'webhook-id': id,
					'webhook-timestamp': String(now),
					'webhook-signature': signature,
				},
				svix: { 'svix-id': id, 'svix-timestamp': String(now), 'svix-signature': signature },
			};
		});
		const stripeHeaders = bodies.map(
			(body) =>
				`t=${now},v1=${createHmac('sha256', SECRET).update(`${now}.`).update(body).digest('hex')}`,
		);
		const octo = bodies.map(
			(body) => `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
		);
		let i = 0;
		const next = () => (i = (i + 1) % POOL);
		const svix = new SvixWebhook(SECRET);
		const standardLib = new StandardWebhook(SECRET);
		// Each receive case has its own pool cursor and store, renewed each time round the pool, so
		// every call is a first delivery (a repeat would be a duplicate, a different path).
		const firstDeliveries = (pool) => {
			let n = 0;
			let store = new hb.MemoryDedupeStore();
			return () => {
				n = (n + 1) % POOL;
				if (n === 0) store = new hb.MemoryDedupeStore();
				return { delivery: pool[n], store };
			};
		};
		const velaFirst = firstDeliveries(vela);
		const velaOffFirst = firstDeliveries(velaOff);
		const swFirst = firstDeliveries(sw);
		const swTextFirst = firstDeliveries(sw);
		const velaKeys = hb.signingSecrets(velaflows, SECRET);
		const swKeys = hb.signingSecrets(standard, SECRET);
		const cases = {
			floor: () => {
				const d = vela[next()];
				const given = Buffer.from(d.headers['x-webhook-signature'].slice(7), 'hex');
				const ok = timingSafeEqual(given, createHmac('sha256', SECRET).update(d.body).digest());
				if (!ok) throw new Error('floor');
				return JSON.parse(d.body.toString('utf8'));
			},
			'hookbridge verify only': () => {
				const d = vela[next()];
				verifySignature(velaflows.signature, {
					headers: normalizeHeaders(d.headers),
					body: d.body,
					// The key is derived on every call, as receive() does for secrets given as text.
					keys: [signingKey(velaflows.signature, SECRET)],
					nowMs: Date.now(),
					toleranceSeconds: 300,
					parse: () => undefined,
				});
			},
			// The promise is returned, and awaited by the timing loop, as a caller would. The secrets
			// are prepared once, as `listen` and the gateway prepare them, and as svix's and
			// standardwebhooks' Webhook objects below decode theirs once.
			'hookbridge receive() (velaflows)': () => {
				const { delivery, store } = velaFirst();
				return hb.receive(velaflows, delivery, { secrets: velaKeys, dedupe: store });
			},
			'hookbridge receive() (velaflows, off-catalog data)': () => {
				const { delivery, store } = velaOffFirst();
				return hb.receive(velaflows, delivery, { secrets: velaKeys, dedupe: store });
			},
			'hookbridge receive() (standard-webhooks)': () => {
				const { delivery, store } = swFirst();
				return hb.receive(standard, delivery, { secrets: swKeys, dedupe: store });
			},
			// The same with the secret's text on every call: its key is derived each time.
			'hookbridge receive() (standard-webhooks, secret text)': () => {
				const { delivery, store } = swTextFirst();
				return hb.receive(standard, delivery, { secrets: SECRET, dedupe: store });
			},
			'standardwebhooks verify': () => {
				const d = sw[next()];
				standardLib.verify(d.body, d.headers);
			},
			'svix Webhook.verify': () => {
				const d = sw[next()];
				svix.verify(d.body, d.svix);
			},
			'stripe constructEvent': () => {
				const n = next();
				stripe.webhooks.constructEvent(bodies[n], stripeHeaders[n], SECRET);
			},
			'@octokit/webhooks-methods verify + JSON.parse': async () => {
				const n = next();
				const text = bodies[n].toString('utf8');
				if (!(await octokitVerify(SECRET, text, octo[n]))) throw new Error('octokit');
				JSON.parse(text);
			},
		};
		const results = await measureAll(cases, opts);
		for (const [name, r] of Object.entries(results)) {
			rows.push({
				size: size === 1024 ? '1 KB' : '64 KB',
				case: name,
				opsPerSec: r.median,
				min: r.min,
				max: r.max,
				vsFloor: pairedRatio(r, results.floor),
				vsSvix: pairedRatio(r, results['svix Webhook.verify']),
				vsMatching: pairedRatio(r, results['hookbridge receive() (velaflows)']),
			});
		}
	}
	return rows;
}
