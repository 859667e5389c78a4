import { randomBytes } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import { networkInterfaces } from 'node:os';
import { subscribableTypes } from '../../shared/catalog/sample-event';
import { getProfile } from '../../shared/providers';
import type { RunningProvider } from '../../provider/start-provider';
import type { Webhook } from '../../provider/store/webhooks';
import { call, createAccount, emit, startTestProvider } from '../provider/helpers/provider-fixture';
import { closeServer, listenOnLoopback } from '../helpers/loopback-server';
import { recordSummary } from './helpers/summary';

// Isolation: account A (and callers with no key or a malformed one) tries every route of the
// reference provider against account B's resources, for each of the four providers. The routes
// are the ones the running provider reports; a route added without an attempt here fails the
// coverage check.
//
// Who may call what, by design:
// - VelaFlows and Vellocity management APIs: `Authorization: Bearer <key>` names the account
//   (VelaFlows also wants `x-workspace-id` to match it). Another account's webhook id reads as
//   404, exactly like an id that never existed; no key or a wrong one is 401.
// - /_admin: the loopback operator's dashboard (it stands in for the providers' web UIs and
//   for the operator's emit/log tools). It takes no account credential at all: any account is
//   addressed by (provider, id), and the Authorization header is ignored. So an account key
//   can neither open nor narrow it; what keeps account holders out is the loopback check, so
//   these routes are tried from a non-loopback source address, where every one must be 403.

type Persona = 'velaflows' | 'vellocity' | 'flowella' | 'inboundflow';
const PERSONAS: Persona[] = ['velaflows', 'vellocity', 'flowella', 'inboundflow'];
const TYPE = (persona: Persona) => subscribableTypes(getProfile(persona))[0] ?? '';
// Where the reference provider serves the two APIs (the docs' base paths under /<id>).
const VELAFLOWS_PREFIX = '/velaflows/api/v1';
const VELLOCITY_PREFIX = '/vellocity/api/v1/partners/webhooks';
const VELA = `${VELAFLOWS_PREFIX}/integrations/webhooks`;

interface Account {
	id: string;
	apiKey: string;
}

interface Attempt {
	/** The registered route ('METHOD /pattern'), or null for a path that is not a route. */
	route: string | null;
	label: string;
	method: string;
	path: string;
	headers?: Record<string, string>;
	body?: unknown;
	/** Sent from a non-loopback source address (an account holder, not the operator). */
	outside?: boolean;
	/** The status the route's design gives this request. */
	expect: number;
	/** A acting on its own account (list, create): 2xx is right, B's data in it is not. */
	ownScope?: boolean;
	/** The same request on an id that never existed: the answer must be identical. */
	ghost?: { path: string; body?: unknown };
}

interface Outcome {
	attempt: Attempt;
	status: number;
	text: string;
	leaked: string[];
	ghostDiffers: boolean;
}

/** One HTTP exchange over a fresh connection, optionally from a given local address. */
function send(
	base: string,
	method: string,
	path: string,
	headers: Record<string, string> = {},
	body?: unknown,
	localAddress?: string,
): Promise<{ status: number; text: string }> {
	const payload = body === undefined ? undefined : JSON.stringify(body);
	return new Promise((resolve, reject) => {
		const req = request(
			`${base}${path}`,
			{
				method,
				agent: false,
				...(localAddress ? { localAddress } : {}),
				headers: {
					...(payload
						? {
								'content-type': 'application/json',
								'content-length': String(Buffer.byteLength(payload)),
							}
						: {}),
					...headers,
				},
			},
			(response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () =>
					resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
				);
			},
		);
		req.on('error', reject);
		req.end(payload);
	});
}

/** A local address that is not loopback, so the provider sees a caller from outside. */
function outsideAddress(): string {
	for (const list of Object.values(networkInterfaces())) {
		for (const address of list ?? []) {
			if (!address.internal && address.family === 'IPv4') return address.address;
		}
	}
	throw new Error(
		'the isolation suite needs a non-loopback local IPv4 address to call /_admin from outside',
	);
}

let provider: RunningProvider;
let receiver: Server;
let receiverUrl: string;
const received: string[] = [];
let outside: string;
const A = {} as Record<Persona, Account>;
const B = {} as Record<Persona, Account>;
/** B's webhooks by persona: the ids the attempts aim at, and their receiver paths. */
const bWebhooks = {} as Record<Persona, { ids: string[]; paths: string[]; secrets: string[] }>;
const bEvents: string[] = [];
const hijack = () => `${receiverUrl}/hijacked-${randomBytes(4).toString('hex')}`;

/** B's state as B itself (or, for the dashboard providers, the operator) sees it. */
async function bState() {
	const byKey = {
		velaflows: await call('GET', `${provider.url}${VELA}`, undefined, {
			authorization: `Bearer ${B.velaflows.apiKey}`,
			'x-workspace-id': B.velaflows.id,
		}),
		vellocity: await call('GET', `${provider.url}${VELLOCITY_PREFIX}`, undefined, {
			authorization: `Bearer ${B.vellocity.apiKey}`,
		}),
		flowella: await call(
			'GET',
			`${provider.url}/_admin/flowella/accounts/${B.flowella.id}/webhook`,
		),
		inboundflow: await call(
			'GET',
			`${provider.url}/_admin/inboundflow/accounts/${B.inboundflow.id}/webhook`,
		),
	};
	const stored: Record<string, Webhook[]> = {};
	const logs: Record<string, unknown> = {};
	for (const persona of PERSONAS) {
		// The stored rows too: a rotated secret or a reset counter shows only there.
		stored[persona] = provider.context.webhooks.list(persona, B[persona].id);
		logs[persona] = (
			await call('GET', `${provider.url}/_admin/${persona}/deliveries?account=${B[persona].id}`)
		).body;
	}
	return {
		byKey: Object.fromEntries(Object.entries(byKey).map(([k, v]) => [k, [v.status, v.body]])),
		stored,
		logs,
		accounts: Object.fromEntries(
			PERSONAS.map((p) => [p, provider.context.accounts.list(p).map((a) => a.id)]),
		),
		receivedForB: received.filter((path) => PERSONAS.some((p) => bWebhooks[p].paths.includes(path)))
			.length,
	};
}

/** Everything of B's that must never appear in an answer to someone else. */
function bMarkers(): string[] {
	return [
		...PERSONAS.flatMap((p) => [
			B[p].id,
			B[p].apiKey,
			...bWebhooks[p].paths,
			...bWebhooks[p].secrets,
			// VelaFlows ids are 24 hex digits, unique; Vellocity's are small integers and show
			// up through their URL (every view carries it).
			...(p === 'velaflows' ? bWebhooks[p].ids : []),
		]),
		...bEvents,
	];
}

async function waitForReceived(count: number): Promise<void> {
	const deadline = Date.now() + 10_000;
	while (received.length < count) {
		if (Date.now() > deadline) throw new Error(`receiver: ${received.length} of ${count}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

beforeAll(async () => {
	outside = outsideAddress();
	receiver = createServer((req, res) => {
		received.push(req.url ?? '');
		req.resume();
		req.on('end', () => res.end('ok'));
	});
	receiverUrl = await listenOnLoopback(receiver);
	provider = await startTestProvider();
	for (const persona of PERSONAS) {
		const plan = persona === 'vellocity' ? 'enterprise' : undefined;
		A[persona] = await createAccount(provider, persona, plan);
		B[persona] = await createAccount(provider, persona, plan);
		bWebhooks[persona] = { ids: [], paths: [], secrets: [] };
	}
	const mark = (persona: Persona, i: number) =>
		`/b-${persona}-${i}-${randomBytes(6).toString('hex')}`;

	// VelaFlows: B has an active and an inactive subscription; A has one of its own.
	for (const [who, count] of [
		[A, 1],
		[B, 2],
	] as const) {
		for (let i = 0; i < count; i++) {
			const path = who === B ? mark('velaflows', i) : `/a-velaflows-${i}`;
			const secret = `whsec_${randomBytes(16).toString('hex')}`;
			const created = await call(
				'POST',
				`${provider.url}${VELA}`,
				{ url: `${receiverUrl}${path}`, events: [TYPE('velaflows')], secret, active: i === 0 },
				{ authorization: `Bearer ${who.velaflows.apiKey}`, 'x-workspace-id': who.velaflows.id },
			);
			expect(created.status).toBe(201);
			if (who === B) {
				bWebhooks.velaflows.ids.push(created.body.data.subscription._id);
				bWebhooks.velaflows.paths.push(path);
				bWebhooks.velaflows.secrets.push(secret);
			}
		}
	}
	// Vellocity: B has two webhooks, A one.
	for (const [who, count] of [
		[A, 1],
		[B, 2],
	] as const) {
		for (let i = 0; i < count; i++) {
			const path = who === B ? mark('vellocity', i) : `/a-vellocity-${i}`;
			const created = await call(
				'POST',
				`${provider.url}${VELLOCITY_PREFIX}`,
				{ url: `${receiverUrl}${path}`, events: [TYPE('vellocity')] },
				{ authorization: `Bearer ${who.vellocity.apiKey}` },
			);
			expect(created.status).toBe(201);
			if (who === B) {
				bWebhooks.vellocity.ids.push(String(created.body.data.id));
				bWebhooks.vellocity.paths.push(path);
				bWebhooks.vellocity.secrets.push(created.body.meta.secret);
			}
		}
	}
	// Flowella and InboundFlow: the operator adds B's dashboard webhook (and A's).
	for (const persona of ['flowella', 'inboundflow'] as const) {
		for (const who of [A, B]) {
			const path = who === B ? mark(persona, 0) : `/a-${persona}`;
			const secret = randomBytes(32).toString('hex');
			const added = await call(
				'PUT',
				`${provider.url}/_admin/${persona}/accounts/${who[persona].id}/webhook`,
				{
					url: `${receiverUrl}${path}`,
					events: [TYPE(persona)],
					...(persona === 'inboundflow' ? { secret } : {}),
				},
			);
			expect(added.status).toBe(200);
			if (who === B) {
				bWebhooks[persona].ids.push(added.body.id);
				bWebhooks[persona].paths.push(path);
				bWebhooks[persona].secrets.push(persona === 'flowella' ? added.body.secret : secret);
			}
		}
	}
	// B has delivery history (what a leaked log would show), then its InboundFlow webhook is
	// switched off, so there is something of B's to re-enable.
	for (const persona of PERSONAS) {
		const sent = await emit(provider, persona, B[persona].id, TYPE(persona));
		bEvents.push(sent.eventId, ...sent.deliveries);
	}
	await waitForReceived(PERSONAS.length);
	const off = await call(
		'PUT',
		`${provider.url}/_admin/inboundflow/accounts/${B.inboundflow.id}/webhook`,
		{
			url: `${receiverUrl}${bWebhooks.inboundflow.paths[0]}`,
			events: [TYPE('inboundflow')],
			secret: bWebhooks.inboundflow.secrets[0],
			active: false,
		},
	);
	expect(off.body.active).toBe(false);
	// The delivery log is committed in batches after the receiver answers: wait for it.
	const deadline = Date.now() + 10_000;
	for (const persona of PERSONAS) {
		while (
			(await call('GET', `${provider.url}/_admin/${persona}/deliveries?account=${B[persona].id}`))
				.body.deliveries.length === 0
		) {
			if (Date.now() > deadline) throw new Error(`no delivery logged for B's ${persona}`);
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
	}
});

afterAll(async () => {
	await provider?.close();
	await closeServer(receiver);
});

/** Credentials that are not A's and not B's: none, malformed, near-misses of B's key. */
function badKeys(persona: Persona): [string, Record<string, string>][] {
	const key = B[persona].apiKey;
	const other = PERSONAS.find((p) => p !== persona) as Persona;
	return [
		['no key', {}],
		['empty Bearer', { authorization: 'Bearer ' }],
		["B's key + 1 char", { authorization: `Bearer ${key}x` }],
		["B's key less 1 char", { authorization: `Bearer ${key.slice(0, -1)}` }],
		["B's key upper-cased", { authorization: `Bearer ${key.toUpperCase()}` }],
		["B's key as Basic", { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` }],
		["B's key, no scheme", { authorization: key }],
		["A's and B's keys", { authorization: `Bearer ${A[persona].apiKey} ${key}` }],
		[`B's ${other} key`, { authorization: `Bearer ${B[other].apiKey}` }],
		['SQL in the key', { authorization: "Bearer ' OR '1'='1" }],
	];
}

function velaflowsAttempts(): Attempt[] {
	const a = A.velaflows;
	const b = B.velaflows;
	const mine = { authorization: `Bearer ${a.apiKey}`, 'x-workspace-id': a.id };
	const intoB = { authorization: `Bearer ${a.apiKey}`, 'x-workspace-id': b.id };
	const noWorkspace = { authorization: `Bearer ${a.apiKey}` };
	const refused = (): [string, Record<string, string>, number][] => [
		["A's key, B's workspace", intoB, 401],
		["A's key, no workspace", noWorkspace, 400],
		...badKeys('velaflows').map(([label, h]): [string, Record<string, string>, number] => [
			`${label}, B's workspace`,
			{ ...h, 'x-workspace-id': b.id },
			401,
		]),
	];
	const list = `GET ${VELA}`;
	const attempts: Attempt[] = [];
	const ghostId = randomBytes(12).toString('hex');
	for (const [label, headers, status] of refused()) {
		const create = { url: hijack(), events: [TYPE('velaflows')], secret: 'whsec_by_a' };
		attempts.push({
			route: `POST ${VELA}`,
			label,
			method: 'POST',
			path: VELA,
			headers,
			body: create,
			expect: status,
		});
		attempts.push({ route: list, label, method: 'GET', path: VELA, headers, expect: status });
		attempts.push({
			route: `HEAD ${VELA}`,
			label,
			method: 'HEAD',
			path: VELA,
			headers,
			expect: status,
		});
	}
	for (const id of bWebhooks.velaflows.ids) {
		const change = { url: hijack(), events: [TYPE('velaflows')], active: true };
		for (const [label, headers, status] of [
			["A's key, A's workspace, B's id", mine, 404] as [string, Record<string, string>, number],
			...refused(),
		]) {
			const ghost = status === 404;
			attempts.push({
				route: `PATCH ${VELA}/:id`,
				label,
				method: 'PATCH',
				path: `${VELA}/${id}`,
				headers,
				body: change,
				expect: status,
				...(ghost ? { ghost: { path: `${VELA}/${ghostId}`, body: change } } : {}),
			});
			attempts.push({
				route: `DELETE ${VELA}/:id`,
				label,
				method: 'DELETE',
				path: `${VELA}/${id}`,
				headers,
				expect: status,
				...(ghost ? { ghost: { path: `${VELA}/${ghostId}` } } : {}),
			});
		}
		attempts.push({
			route: null,
			label: "A's key: GET by id (not a VelaFlows route)",
			method: 'GET',
			path: `${VELA}/${id}`,
			headers: mine,
			expect: 404,
		});
	}
	// A's own scope: its list shows only its own; a create naming B's workspace in the body
	// still lands in A's.
	attempts.push({
		route: list,
		label: "A's key, A's workspace",
		method: 'GET',
		path: VELA,
		headers: mine,
		expect: 200,
		ownScope: true,
	});
	attempts.push({
		route: `HEAD ${VELA}`,
		label: "A's key, A's workspace",
		method: 'HEAD',
		path: VELA,
		headers: mine,
		expect: 200,
		ownScope: true,
	});
	attempts.push({
		route: `POST ${VELA}`,
		label: "A's key, B's workspace id in the body",
		method: 'POST',
		path: VELA,
		headers: mine,
		body: {
			url: `${receiverUrl}/a-velaflows-probe`,
			events: [TYPE('velaflows')],
			workspaceId: b.id,
			accountId: b.id,
		},
		expect: 201,
		ownScope: true,
	});
	return attempts;
}

function vellocityAttempts(): Attempt[] {
	const api = VELLOCITY_PREFIX;
	const mine = { authorization: `Bearer ${A.vellocity.apiKey}` };
	const bad = badKeys('vellocity');
	const attempts: Attempt[] = [];
	const ghostId = '99999999';
	for (const [label, headers] of bad) {
		attempts.push({ route: `GET ${api}`, label, method: 'GET', path: api, headers, expect: 401 });
		attempts.push({ route: `HEAD ${api}`, label, method: 'HEAD', path: api, headers, expect: 401 });
		// The same route with a trailing slash.
		attempts.push({
			route: `HEAD ${api}`,
			label,
			method: 'HEAD',
			path: `${api}/`,
			headers,
			expect: 401,
		});
		attempts.push({
			route: `POST ${api}`,
			label,
			method: 'POST',
			path: api,
			headers,
			body: { url: hijack(), events: [TYPE('vellocity')] },
			expect: 401,
		});
		attempts.push({
			route: `GET ${api}/events`,
			label,
			method: 'GET',
			path: `${api}/events`,
			headers,
			expect: 401,
		});
		attempts.push({
			route: `HEAD ${api}/events`,
			label,
			method: 'HEAD',
			path: `${api}/events`,
			headers,
			expect: 401,
		});
	}
	for (const id of bWebhooks.vellocity.ids) {
		for (const [label, headers, status] of [
			["A's key, B's id", mine, 404] as [string, Record<string, string>, number],
			...bad.map(([l, h]): [string, Record<string, string>, number] => [l, h, 401]),
		]) {
			const ghost = status === 404;
			attempts.push({
				route: `POST ${api}/test`,
				label,
				method: 'POST',
				path: `${api}/test`,
				headers,
				body: { webhook_id: Number(id) },
				expect: status,
				...(ghost ? { ghost: { path: `${api}/test`, body: { webhook_id: Number(ghostId) } } } : {}),
			});
			attempts.push({
				route: `DELETE ${api}/:id`,
				label,
				method: 'DELETE',
				path: `${api}/${id}`,
				headers,
				expect: status,
				...(ghost ? { ghost: { path: `${api}/${ghostId}` } } : {}),
			});
		}
		// What the brief calls get/update/rotate/re-enable has no Vellocity route: 404 whoever asks.
		for (const [method, suffix] of [
			['GET', ''],
			['PATCH', ''],
			['PUT', ''],
			['POST', '/rotate-secret'],
			['POST', '/enable'],
		] as const) {
			attempts.push({
				route: null,
				label: `A's key: ${method} ${suffix || 'by id'} (not a Vellocity route)`,
				method,
				path: `${api}/${id}${suffix}`,
				headers: mine,
				...(method === 'GET' ? {} : { body: { active: true } }),
				expect: 404,
			});
		}
	}
	attempts.push({
		route: `GET ${api}`,
		label: "A's key",
		method: 'GET',
		path: api,
		headers: mine,
		expect: 200,
		ownScope: true,
	});
	attempts.push({
		route: `GET ${api}`,
		label: "A's key, per_page=100",
		method: 'GET',
		path: `${api}?per_page=100`,
		headers: mine,
		expect: 200,
		ownScope: true,
	});
	attempts.push({
		route: `HEAD ${api}`,
		label: "A's key",
		method: 'HEAD',
		path: api,
		headers: mine,
		expect: 200,
		ownScope: true,
	});
	attempts.push({
		route: `HEAD ${api}`,
		label: "A's key",
		method: 'HEAD',
		path: `${api}/`,
		headers: mine,
		expect: 200,
		ownScope: true,
	});
	attempts.push({
		route: `GET ${api}/events`,
		label: "A's key",
		method: 'GET',
		path: `${api}/events`,
		headers: mine,
		expect: 200,
		ownScope: true,
	});
	attempts.push({
		route: `HEAD ${api}/events`,
		label: "A's key",
		method: 'HEAD',
		path: `${api}/events`,
		headers: mine,
		expect: 200,
		ownScope: true,
	});
	attempts.push({
		route: `POST ${api}`,
		label: "A's key, B's partner id in the body",
		method: 'POST',
		path: api,
		headers: mine,
		body: {
			url: `${receiverUrl}/a-vellocity-probe`,
			events: [TYPE('vellocity')],
			partner_id: B.vellocity.id,
			account_id: B.vellocity.id,
		},
		expect: 201,
		ownScope: true,
	});
	return attempts;
}

function adminAttempts(): Attempt[] {
	const attempts: Attempt[] = [];
	const callers = (persona: Persona): [string, Record<string, string>][] => [
		['outside, no key', {}],
		["outside, A's key", { authorization: `Bearer ${A[persona].apiKey}` }],
		["outside, B's own key", { authorization: `Bearer ${B[persona].apiKey}` }],
		[
			"outside, A's key, X-Forwarded-For 127.0.0.1",
			{ authorization: `Bearer ${A[persona].apiKey}`, 'x-forwarded-for': '127.0.0.1' },
		],
	];
	const add = (route: string, persona: Persona, path: string, body?: unknown) => {
		const method = route.split(' ')[0] as string;
		for (const [label, headers] of callers(persona)) {
			attempts.push({
				route,
				label,
				method,
				path,
				headers,
				...(body === undefined ? {} : { body }),
				outside: true,
				expect: 403,
			});
		}
	};
	for (const persona of PERSONAS) {
		const b = B[persona].id;
		const webhook = `/_admin/${persona}/accounts/${b}/webhook`;
		add('GET /_admin/health', persona, '/_admin/health');
		add('HEAD /_admin/health', persona, '/_admin/health');
		add('POST /_admin/accounts', persona, '/_admin/accounts', { provider: persona });
		add('GET /_admin/:provider/accounts', persona, `/_admin/${persona}/accounts`);
		add('HEAD /_admin/:provider/accounts', persona, `/_admin/${persona}/accounts`);
		add('PUT /_admin/:provider/accounts/:id/webhook', persona, webhook, {
			url: hijack(),
			events: [TYPE(persona)],
			active: true,
			rotateSecret: true,
			secret: 'chosen-by-a',
		});
		add('GET /_admin/:provider/accounts/:id/webhook', persona, webhook);
		add('HEAD /_admin/:provider/accounts/:id/webhook', persona, webhook);
		add('POST /_admin/:provider/accounts/:id/webhook/test', persona, `${webhook}/test`);
		add('POST /_admin/:provider/accounts/:id/webhook/enable', persona, `${webhook}/enable`);
		add('POST /_admin/:provider/events', persona, `/_admin/${persona}/events`, {
			account: b,
			type: TYPE(persona),
		});
		add('GET /_admin/:provider/deliveries', persona, `/_admin/${persona}/deliveries?account=${b}`);
		add('HEAD /_admin/:provider/deliveries', persona, `/_admin/${persona}/deliveries?account=${b}`);
		add('GET /_admin/:provider/stats', persona, `/_admin/${persona}/stats`);
		add('HEAD /_admin/:provider/stats', persona, `/_admin/${persona}/stats`);
		// The dashboard pages are the operator's too: loopback only.
		const pages = `/dashboard/${persona}/${b}`;
		add('GET /', persona, '/');
		add('HEAD /', persona, '/');
		add('GET /dashboard/app.js', persona, '/dashboard/app.js');
		add('HEAD /dashboard/app.js', persona, '/dashboard/app.js');
		for (const view of ['settings', 'deliveries', 'emit']) {
			add(`GET /dashboard/:provider/:account/${view}`, persona, `${pages}/${view}`);
			add(`HEAD /dashboard/:provider/:account/${view}`, persona, `${pages}/${view}`);
		}
	}
	// The operator addresses an account by (provider, id): one provider's account id is not
	// found under another, nor under a profile that is not a persona.
	const wrong = (label: string, method: string, route: string, path: string, body?: unknown) =>
		attempts.push({
			route,
			label: `operator, ${label}`,
			method,
			path,
			...(body === undefined ? {} : { body }),
			expect: 404,
		});
	const flowellaHook = { url: hijack(), events: [TYPE('flowella')], rotateSecret: true };
	wrong(
		"Flowella dashboard for B's InboundFlow id",
		'GET',
		'GET /_admin/:provider/accounts/:id/webhook',
		`/_admin/flowella/accounts/${B.inboundflow.id}/webhook`,
	);
	wrong(
		"Flowella dashboard for B's VelaFlows id",
		'GET',
		'GET /_admin/:provider/accounts/:id/webhook',
		`/_admin/flowella/accounts/${B.velaflows.id}/webhook`,
	);
	wrong(
		"Flowella add-webhook for B's InboundFlow id",
		'PUT',
		'PUT /_admin/:provider/accounts/:id/webhook',
		`/_admin/flowella/accounts/${B.inboundflow.id}/webhook`,
		flowellaHook,
	);
	wrong(
		"InboundFlow send-test for B's Flowella id",
		'POST',
		'POST /_admin/:provider/accounts/:id/webhook/test',
		`/_admin/inboundflow/accounts/${B.flowella.id}/webhook/test`,
	);
	wrong(
		"InboundFlow re-enable for B's Flowella id",
		'POST',
		'POST /_admin/:provider/accounts/:id/webhook/enable',
		`/_admin/inboundflow/accounts/${B.flowella.id}/webhook/enable`,
	);
	wrong(
		"VelaFlows re-enable for B's Vellocity id",
		'POST',
		'POST /_admin/:provider/accounts/:id/webhook/enable',
		`/_admin/velaflows/accounts/${B.vellocity.id}/webhook/enable`,
	);
	wrong(
		"VelaFlows emit to B's Vellocity id",
		'POST',
		'POST /_admin/:provider/events',
		'/_admin/velaflows/events',
		{ account: B.vellocity.id, type: TYPE('velaflows') },
	);
	wrong(
		"Vellocity log of B's VelaFlows id",
		'GET',
		'GET /_admin/:provider/deliveries',
		`/_admin/vellocity/deliveries?account=${B.velaflows.id}`,
	);
	wrong(
		'accounts of standard-webhooks (not a persona)',
		'GET',
		'GET /_admin/:provider/accounts',
		'/_admin/standard-webhooks/accounts',
	);
	wrong(
		'accounts of __proto__',
		'GET',
		'GET /_admin/:provider/accounts',
		'/_admin/__proto__/accounts',
	);
	wrong(
		"webhook of B's Flowella id under constructor",
		'GET',
		'GET /_admin/:provider/accounts/:id/webhook',
		`/_admin/constructor/accounts/${B.flowella.id}/webhook`,
	);
	return attempts;
}

async function run(attempt: Attempt, markers: string[]): Promise<Outcome> {
	const local = attempt.outside ? outside : undefined;
	const result = await send(
		provider.url,
		attempt.method,
		attempt.path,
		attempt.headers,
		attempt.body,
		local,
	);
	const leaked = markers.filter((m) => result.text.includes(m));
	let ghostDiffers = false;
	if (attempt.ghost) {
		const twin = await send(
			provider.url,
			attempt.method,
			attempt.ghost.path,
			attempt.headers,
			attempt.ghost.body,
			local,
		);
		ghostDiffers = twin.status !== result.status || twin.text !== result.text;
	}
	return { attempt, status: result.status, text: result.text, leaked, ghostDiffers };
}

test('every route, with another account’s key, no key or a malformed key: nothing of B’s', async () => {
	const before = await bState();
	const markers = bMarkers();
	const attempts = [...velaflowsAttempts(), ...vellocityAttempts(), ...adminAttempts()];

	// Every registered route has attempts, and every attempted route is registered.
	const covered = [...new Set(attempts.map((a) => a.route).filter((r): r is string => r !== null))];
	expect([...covered].sort()).toEqual([...provider.routes].sort());

	const outcomes: Outcome[] = [];
	for (const attempt of attempts) outcomes.push(await run(attempt, markers));
	// The operator's view, for the record: from loopback the admin API reaches any account and
	// ignores the key it is given (it has no account scope to narrow).
	const operator = await send(
		provider.url,
		'GET',
		`/_admin/flowella/accounts/${B.flowella.id}/webhook`,
		{ authorization: `Bearer ${A.flowella.apiKey}` },
	);
	expect(operator.status).toBe(200);
	expect(JSON.parse(operator.text).id).toBe(bWebhooks.flowella.ids[0]);

	const after = await bState();
	const successes = outcomes.filter(
		(o) =>
			(!o.attempt.ownScope && o.status >= 200 && o.status < 300) ||
			o.leaked.length > 0 ||
			o.ghostDiffers,
	);
	const unexpected = outcomes.filter((o) => o.status !== o.attempt.expect);
	// B's resources, read back by B: unchanged, each difference a cross-account success.
	const changed = (Object.keys(before) as (keyof typeof before)[]).filter(
		(k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
	);

	// One line per route and answer: how many attempts got it, and who made them.
	const byRoute = new Map<string, Map<number, string[]>>();
	for (const o of outcomes) {
		const key =
			o.attempt.route ??
			`(not a route) ${o.attempt.method} ${o.attempt.path.replace(/\/(\d+|[0-9a-f]{24})(?=\/|$)/, "/<B's id>")}`;
		const statuses = byRoute.get(key) ?? new Map<number, string[]>();
		statuses.set(o.status, [...(statuses.get(o.status) ?? []), o.attempt.label]);
		byRoute.set(key, statuses);
	}
	const lines = [...byRoute].map(
		([route, statuses]) =>
			`${route}\n` +
			[...statuses]
				.map(
					([status, labels]) =>
						`    ${status} ×${labels.length}: ${[...new Set(labels)].join('; ')}`,
				)
				.join('\n'),
	);
	console.log(
		`Isolation: ${outcomes.length} attempts (admin ones from ${outside}, a non-loopback source)\n` +
			`${lines.join('\n')}\n` +
			`operator (loopback) reading B's Flowella webhook with A's key: ${operator.status} (admin is operator-scoped; keys are ignored)\n` +
			`B's state changed: ${changed.length === 0 ? 'nothing' : changed.join(', ')}`,
	);

	recordSummary({
		suite: 'isolation: every route with another account’s key',
		tried: outcomes.length,
		crossAccountSuccesses: successes.length + changed.length,
		note:
			`${provider.routes.length} routes covered; ${outcomes.filter((o) => o.attempt.outside).length} admin calls from a non-loopback source; ` +
			`${outcomes.filter((o) => o.attempt.ownScope).length} own-scope calls checked for B's data`,
	});

	expect(
		successes.map((o) => ({
			route: o.attempt.route,
			label: o.attempt.label,
			status: o.status,
			leaked: o.leaked,
			ghostDiffers: o.ghostDiffers,
		})),
	).toEqual([]);
	expect(
		unexpected.map(
			(o) =>
				`${o.attempt.method} ${o.attempt.path} (${o.attempt.label}): ${o.status}, expected ${o.attempt.expect}`,
		),
	).toEqual([]);
	expect(changed).toEqual([]);
	// A's keys do work: the own-scope calls saw A's webhooks (so the 404s are about B, not A).
	const aList = outcomes.find(
		(o) => o.attempt.ownScope && o.attempt.method === 'GET' && o.attempt.path === VELA,
	);
	expect(aList?.text).toContain('/a-velaflows-0');
	const aVellocity = outcomes.find(
		(o) => o.attempt.ownScope && o.attempt.method === 'GET' && o.attempt.path === VELLOCITY_PREFIX,
	);
	expect(aVellocity?.text).toContain('/a-vellocity-0');
	// The creates that named B in their body landed in A's account.
	for (const persona of ['velaflows', 'vellocity'] as const) {
		const probe = `${receiverUrl}/a-${persona}-probe`;
		expect(provider.context.webhooks.list(persona, A[persona].id).map((w) => w.url)).toContain(
			probe,
		);
	}
});
