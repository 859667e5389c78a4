import { randomBytes } from 'node:crypto';
import type { LookupAddress } from 'node:dns';
import { createServer, type Server } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import { subscribableTypes } from '../../shared/catalog/sample-event';
import { getProfile } from '../../shared/providers';
import type { Resolver } from '../../provider/delivery/target-guard';
import type { RunningProvider } from '../../provider/start-provider';
import {
	call,
	createAccount,
	emit,
	startTestProvider,
	type HttpResult,
} from '../provider/helpers/provider-fixture';
import { recordSummary } from './helpers/summary';

// SSRF: internal targets are refused when a webhook is subscribed (IP literals, in every form
// the URL parser accepts) and again at delivery, after DNS, for names that resolve inward. There
// is no DNS here, so the providers get an injected resolver (startProvider's `lookup`), and a
// loopback "canary" counts every TCP connection that reaches it: for loopback, unspecified and
// mapped-loopback answers a guard that let the delivery through would show up there.

type Persona = 'velaflows' | 'vellocity' | 'flowella' | 'inboundflow';
// Where the reference provider serves Vellocity's webhooks API (its docs' base path).
const VELLOCITY_PREFIX = '/vellocity/api/v1/partners/webhooks';
const PERSONAS: Persona[] = ['velaflows', 'vellocity', 'flowella', 'inboundflow'];
const EVENT: Record<Persona, string> = {
	velaflows: firstType('velaflows'),
	vellocity: firstType('vellocity'),
	flowella: firstType('flowella'),
	inboundflow: firstType('inboundflow'),
};

function firstType(persona: Persona): string {
	const type = subscribableTypes(getProfile(persona))[0];
	if (!type) throw new Error(`${persona} has no subscribable event type`);
	return type;
}

/** A loopback listener that counts connections (TLS or not) and HTTP requests by path. */
class Canary {
	connections = 0;
	readonly paths: string[] = [];
	private readonly server: Server = createServer((request, response) => {
		this.paths.push(request.url ?? '');
		request.resume();
		request.on('end', () => response.end('ok'));
	});
	port = 0;

	constructor(private readonly host: string) {
		this.server.on('connection', () => {
			this.connections += 1;
		});
	}

	async start(): Promise<this> {
		await new Promise<void>((resolve) => this.server.listen(0, this.host, resolve));
		this.port = (this.server.address() as AddressInfo).port;
		return this;
	}

	async stop(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise((resolve) => this.server.close(resolve));
	}
}

/** Stands in for DNS: names answer what the test says, anything else is NXDOMAIN. */
class FakeDns {
	readonly answers = new Map<string, string[]>();
	readonly asked: string[] = [];
	readonly resolve: Resolver = (hostname, callback) => {
		this.asked.push(hostname);
		const addresses = this.answers.get(hostname);
		process.nextTick(() => {
			if (!addresses) {
				const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
					code: 'ENOTFOUND',
				});
				callback(error, []);
				return;
			}
			callback(
				null,
				addresses.map((address): LookupAddress => ({ address, family: isIP(address) })),
			);
		});
	};
}

interface Account {
	id: string;
	apiKey: string;
}

/** Subscribes `url` on one of the five subscription surfaces (create or change a webhook). */
interface Surface {
	name: string;
	/** The status of an accepted subscription. */
	accepted: number;
	subscribe(url: string): Promise<HttpResult>;
}

async function surfaces(provider: RunningProvider): Promise<Surface[]> {
	const vela = await createAccount(provider, 'velaflows');
	const vell = await createAccount(provider, 'vellocity', 'enterprise');
	const flow = await createAccount(provider, 'flowella');
	const inbound = await createAccount(provider, 'inboundflow');
	const velaApi = `${provider.personas.velaflows}/integrations/webhooks`;
	const velaAuth = { authorization: `Bearer ${vela.apiKey}`, 'x-workspace-id': vela.id };
	// A subscription to a public name, to PATCH towards internal targets.
	const seed = await call(
		'POST',
		velaApi,
		{ url: 'https://hooks.example.test/seed', events: [EVENT.velaflows] },
		velaAuth,
	);
	if (seed.status !== 201) throw new Error(`seed: ${seed.status} ${JSON.stringify(seed.body)}`);
	const seedId = seed.body.data.subscription._id as string;
	const dashboard = (persona: Persona, account: Account) =>
		`${provider.url}/_admin/${persona}/accounts/${account.id}/webhook`;
	return [
		{
			name: 'VelaFlows POST',
			accepted: 201,
			subscribe: (url) =>
				call('POST', velaApi, { url, events: [EVENT.velaflows], secret: 'whsec_ssrf' }, velaAuth),
		},
		{
			name: 'VelaFlows PATCH',
			accepted: 200,
			subscribe: (url) => call('PATCH', `${velaApi}/${seedId}`, { url }, velaAuth),
		},
		{
			name: 'Vellocity POST',
			accepted: 201,
			subscribe: (url) =>
				call(
					'POST',
					`${provider.url}${VELLOCITY_PREFIX}`,
					{ url, events: [EVENT.vellocity] },
					{ authorization: `Bearer ${vell.apiKey}` },
				),
		},
		{
			name: 'Flowella dashboard PUT',
			accepted: 200,
			subscribe: (url) =>
				call('PUT', dashboard('flowella', flow), { url, events: [EVENT.flowella] }),
		},
		{
			name: 'InboundFlow dashboard PUT',
			accepted: 200,
			subscribe: (url) =>
				call('PUT', dashboard('inboundflow', inbound), { url, events: [EVENT.inboundflow] }),
		},
	];
}

/** The refusal as each persona shapes it: VelaFlows/admin `error`, Vellocity JSON:API `errors`. */
function refusal(body: unknown): { code?: string; message?: string } {
	const b = body as {
		error?: { code?: string; message?: string };
		errors?: { code?: string; detail?: string }[];
	};
	return b?.error
		? { code: b.error.code, message: b.error.message }
		: { code: b?.errors?.[0]?.code, message: b?.errors?.[0]?.detail };
}

// Internal hosts as written in a URL. `loopback` marks those that are 127.0.0.0/8 or ::1 (or a
// name for them): allowed when the operator passes allowLoopback, refused otherwise.
const LITERALS: { host: string; what: string; loopback: boolean }[] = [
	{ host: '10.0.0.1', what: 'private 10/8', loopback: false },
	{ host: '10.255.255.254', what: 'private 10/8', loopback: false },
	{ host: '172.16.0.1', what: 'private 172.16/12', loopback: false },
	{ host: '172.31.255.254', what: 'private 172.16/12', loopback: false },
	{ host: '192.168.1.1', what: 'private 192.168/16', loopback: false },
	{ host: '127.0.0.1', what: 'loopback', loopback: true },
	{ host: '127.53.0.1', what: 'loopback 127/8', loopback: true },
	{ host: '[::1]', what: 'loopback v6', loopback: true },
	{ host: '169.254.169.254', what: 'link-local (cloud metadata)', loopback: false },
	{ host: '169.254.0.1', what: 'link-local', loopback: false },
	{ host: '[fe80::1]', what: 'link-local v6 fe80::/10', loopback: false },
	{ host: '[febf::1]', what: 'link-local v6 (top of fe80::/10)', loopback: false },
	{ host: '[fc00::1]', what: 'unique-local fc00::/7', loopback: false },
	{ host: '[fd12:3456::1]', what: 'unique-local fd00::/8', loopback: false },
	{ host: '[::ffff:127.0.0.1]', what: 'IPv4-mapped loopback', loopback: true },
	{ host: '[::ffff:7f00:1]', what: 'IPv4-mapped loopback, hex', loopback: true },
	{ host: '[0:0:0:0:0:ffff:7f00:1]', what: 'IPv4-mapped loopback, long', loopback: true },
	{ host: '[::ffff:169.254.169.254]', what: 'IPv4-mapped metadata', loopback: false },
	{ host: '[::ffff:10.0.0.1]', what: 'IPv4-mapped private', loopback: false },
	{ host: '[64:ff9b::a9fe:a9fe]', what: 'NAT64 metadata', loopback: false },
	{ host: '[::127.0.0.1]', what: 'IPv4-compatible (deprecated)', loopback: false },
	{ host: '0.0.0.0', what: 'unspecified', loopback: false },
	{ host: '0', what: 'unspecified, short', loopback: false },
	{ host: '[::]', what: 'unspecified v6', loopback: false },
	{ host: '100.64.0.1', what: 'CGNAT 100.64/10', loopback: false },
	{ host: '100.127.255.254', what: 'CGNAT 100.64/10 (top)', loopback: false },
	{ host: '192.0.2.1', what: 'documentation 192.0.2/24', loopback: false },
	{ host: '198.51.100.7', what: 'documentation 198.51.100/24', loopback: false },
	{ host: '203.0.113.9', what: 'documentation 203.0.113/24', loopback: false },
	{ host: '198.18.0.1', what: 'benchmarking 198.18/15', loopback: false },
	{ host: '[2001:2::1]', what: 'benchmarking v6 2001:2::/48', loopback: false },
	{ host: '[fec0::1]', what: 'site-local fec0::/10', loopback: false },
	{ host: '[100::1]', what: 'discard 100::/64', loopback: false },
	{ host: '[2002:7f00:1::1]', what: '6to4 loopback', loopback: false },
	{ host: '[2002:a9fe:a9fe::1]', what: '6to4 metadata', loopback: false },
	{ host: '[::ffff:0:7f00:1]', what: 'IPv4-translated loopback', loopback: false },
	{ host: '[64:ff9b::7f00:1]', what: 'NAT64 loopback', loopback: false },
	{ host: '[64:ff9b:1::a9fe:a9fe]', what: 'NAT64 local-use metadata', loopback: false },
	{
		host: '[2001:0:4136:e378:8000:63bf:3fff:fdd2]',
		what: 'Teredo client 192.0.2.45',
		loopback: false,
	},
	{ host: '2130706433', what: 'decimal 127.0.0.1', loopback: true },
	{ host: '0x7f.0.0.1', what: 'hex octet 127.0.0.1', loopback: true },
	{ host: '017700000001', what: 'octal 127.0.0.1', loopback: true },
	{ host: '0x7f000001', what: 'hex 127.0.0.1', loopback: true },
	{ host: '0177.0.0.1', what: 'octal octet 127.0.0.1', loopback: true },
	{ host: '127.1', what: 'short 127.0.0.1', loopback: true },
	{ host: '127.0.0.1.', what: 'trailing dot', loopback: true },
	{ host: '１２７.０.０.１', what: 'full-width digits', loopback: true },
	{ host: '2852039166', what: 'decimal 169.254.169.254', loopback: false },
	{ host: '0xa9fea9fe', what: 'hex 169.254.169.254', loopback: false },
	{ host: '3232235777', what: 'decimal 192.168.1.1', loopback: false },
	{ host: '012.0.0.1', what: 'octal 10.0.0.1', loopback: false },
	{ host: 'localhost', what: 'localhost', loopback: true },
	{ host: 'LOCALHOST', what: 'localhost, upper case', loopback: true },
	{ host: 'localhost.', what: 'localhost, trailing dot', loopback: true },
	{ host: 'localhost..', what: 'localhost, two trailing dots', loopback: true },
	{ host: 'api.localhost', what: '*.localhost', loopback: true },
	{ host: 'api.localhost.', what: '*.localhost, trailing dot', loopback: true },
];

// Names the fake DNS resolves inward, with the class the refusal must name. `canary` is where a
// connection would land if the guard let it through (only loopback-ish answers land anywhere).
interface Resolved {
	addresses: string[];
	refusedAs: string;
	canary?: 'v4' | 'v6';
}
const RESOLVED: Resolved[] = [
	{ addresses: ['10.0.0.1'], refusedAs: 'private' },
	{ addresses: ['172.16.0.1'], refusedAs: 'private' },
	{ addresses: ['192.168.1.1'], refusedAs: 'private' },
	{ addresses: ['127.0.0.1'], refusedAs: 'loopback', canary: 'v4' },
	{ addresses: ['127.53.0.1'], refusedAs: 'loopback' },
	{ addresses: ['::1'], refusedAs: 'loopback', canary: 'v6' },
	{ addresses: ['169.254.169.254'], refusedAs: 'link-local' },
	{ addresses: ['fe80::1'], refusedAs: 'link-local' },
	{ addresses: ['fc00::1'], refusedAs: 'unique-local' },
	{ addresses: ['fd00::1'], refusedAs: 'unique-local' },
	{ addresses: ['::ffff:127.0.0.1'], refusedAs: 'loopback', canary: 'v4' },
	{ addresses: ['::ffff:7f00:1'], refusedAs: 'loopback', canary: 'v4' },
	{ addresses: ['::ffff:169.254.169.254'], refusedAs: 'link-local' },
	{ addresses: ['::ffff:10.0.0.1'], refusedAs: 'private' },
	{ addresses: ['64:ff9b::a9fe:a9fe'], refusedAs: 'link-local' },
	{ addresses: ['0.0.0.0'], refusedAs: 'reserved', canary: 'v4' },
	{ addresses: ['::'], refusedAs: 'reserved', canary: 'v6' },
	{ addresses: ['100.64.0.1'], refusedAs: 'private' },
	// Several answers: one internal address among public ones is enough to refuse (the
	// connection could otherwise pick it, e.g. with happy eyeballs). The public answer is a real
	// public address: documentation ranges such as 198.51.100.0/24 are refused themselves.
	{ addresses: ['8.8.8.8', '127.0.0.1'], refusedAs: 'loopback', canary: 'v4' },
	{ addresses: ['10.0.0.1', '8.8.8.8'], refusedAs: 'private' },
	{ addresses: [], refusedAs: 'missing' },
	// Special-purpose ranges and IPv6 forms carrying internal IPv4 (issue 16, item 6).
	{ addresses: ['192.0.2.1'], refusedAs: 'reserved' },
	{ addresses: ['2002:7f00:1::1'], refusedAs: 'reserved' },
	{ addresses: ['2002:a9fe:a9fe::1'], refusedAs: 'link-local' },
	{ addresses: ['::ffff:0:7f00:1'], refusedAs: 'reserved' },
	{ addresses: ['64:ff9b::7f00:1'], refusedAs: 'reserved' },
	{ addresses: ['2001:0:4136:e378:8000:63bf:3fff:fdd2'], refusedAs: 'reserved' },
];

// With allowLoopback: loopback answers are delivered, everything else internal still refused.
const RESOLVED_WITH_LOOPBACK: Resolved[] = [
	{ addresses: ['127.0.0.1'], refusedAs: '', canary: 'v4' },
	{ addresses: ['::1'], refusedAs: '', canary: 'v6' },
	{ addresses: ['::ffff:127.0.0.1'], refusedAs: '', canary: 'v4' },
	{ addresses: ['10.0.0.1'], refusedAs: 'private' },
	{ addresses: ['192.168.1.1'], refusedAs: 'private' },
	{ addresses: ['169.254.169.254'], refusedAs: 'link-local' },
	{ addresses: ['::ffff:169.254.169.254'], refusedAs: 'link-local' },
	{ addresses: ['fe80::1'], refusedAs: 'link-local' },
	{ addresses: ['fd00::1'], refusedAs: 'unique-local' },
	{ addresses: ['100.64.0.1'], refusedAs: 'private' },
	{ addresses: ['0.0.0.0'], refusedAs: 'reserved', canary: 'v4' },
	{ addresses: ['::'], refusedAs: 'reserved', canary: 'v6' },
	{ addresses: ['127.0.0.1', '169.254.169.254'], refusedAs: 'link-local', canary: 'v4' },
	// Carry 127.0.0.1 but are a translator's or relay's loopback, not this host's.
	{ addresses: ['64:ff9b::7f00:1'], refusedAs: 'reserved' },
	{ addresses: ['2002:7f00:1::1'], refusedAs: 'reserved' },
	{ addresses: ['::ffff:0:7f00:1'], refusedAs: 'reserved' },
];

interface LogEntry {
	deliveryId: string;
	url: string;
	responseCode: number | null;
	responseBody: string;
	error: string | null;
}

/** The first logged attempt of each delivery, polled from the operator's delivery log. */
async function firstAttempts(
	provider: RunningProvider,
	sent: { persona: Persona; account: string; deliveryId: string }[],
): Promise<LogEntry[]> {
	const deadline = Date.now() + 15_000;
	const found = new Map<string, LogEntry>();
	while (found.size < sent.length) {
		if (Date.now() > deadline)
			throw new Error(`delivery log: ${found.size} of ${sent.length} attempts logged in 15 s`);
		for (const s of sent.filter((x) => !found.has(x.deliveryId))) {
			const log = await call(
				'GET',
				`${provider.url}/_admin/${s.persona}/deliveries?account=${s.account}`,
			);
			const entries = (log.body.deliveries ?? []) as LogEntry[];
			const entry = entries.find((e) => e.deliveryId === s.deliveryId);
			if (entry) found.set(s.deliveryId, entry);
		}
		if (found.size < sent.length) await new Promise((resolve) => setTimeout(resolve, 50));
	}
	return sent.map((s) => found.get(s.deliveryId) as LogEntry);
}

/** Subscribes `url` for a fresh account of `persona` and emits one event to it. */
async function subscribeAndEmit(provider: RunningProvider, persona: Persona, url: string) {
	const secret = `whsec_${randomBytes(12).toString('hex')}`;
	const account = await createAccount(
		provider,
		persona,
		persona === 'vellocity' ? 'enterprise' : undefined,
	);
	let created: HttpResult;
	let shownSecret = secret;
	if (persona === 'velaflows') {
		created = await call(
			'POST',
			`${provider.personas.velaflows}/integrations/webhooks`,
			{ url, events: [EVENT.velaflows], secret },
			{ authorization: `Bearer ${account.apiKey}`, 'x-workspace-id': account.id },
		);
	} else if (persona === 'vellocity') {
		created = await call(
			'POST',
			`${provider.url}${VELLOCITY_PREFIX}`,
			{ url, events: [EVENT.vellocity] },
			{ authorization: `Bearer ${account.apiKey}` },
		);
		shownSecret = created.body?.meta?.secret ?? '';
	} else {
		created = await call(
			'PUT',
			`${provider.url}/_admin/${persona}/accounts/${account.id}/webhook`,
			{ url, events: [EVENT[persona]], ...(persona === 'inboundflow' ? { secret } : {}) },
		);
		if (persona === 'flowella') shownSecret = created.body?.secret ?? '';
	}
	if (created.status >= 300)
		throw new Error(`subscribe ${url}: ${created.status} ${JSON.stringify(created.body)}`);
	const sent = await emit(provider, persona, account.id, EVENT[persona]);
	const deliveryId = sent.deliveries[0];
	if (!deliveryId) throw new Error(`emit to ${url}: no delivery`);
	return { persona, account: account.id, deliveryId, secret: shownSecret };
}

const REFUSAL = /^refused: \S+ resolves to a ([a-z-]+) address; refused\.$/;

let dns: FakeDns;
let strict: RunningProvider;
let loose: RunningProvider;
let v4: Canary;
let v6: Canary;
const figures = {
	subscribeTried: 0,
	refusedAtSubscribe: 0,
	allowedLoopbackAtSubscribe: 0,
	deliveryTried: 0,
	refusedAtDelivery: 0,
	allowedLoopbackDelivered: 0,
	/** Connections or requests that reached a canary for a target that had to be refused. */
	reached: 0,
};

beforeAll(async () => {
	dns = new FakeDns();
	v4 = await new Canary('127.0.0.1').start();
	v6 = await new Canary('::1').start();
	strict = await startTestProvider({ allowLoopback: false, lookup: dns.resolve });
	loose = await startTestProvider({ allowLoopback: true, lookup: dns.resolve });
});
afterAll(async () => {
	await strict?.close();
	await loose?.close();
	await v4?.stop();
	await v6?.stop();
});

test('subscribe time: every internal literal is refused on every subscription surface', async () => {
	const lines: string[] = [];
	for (const provider of [strict, loose]) {
		const allowLoopback = provider === loose;
		const on = await surfaces(provider);
		for (const literal of LITERALS) {
			const allowed = allowLoopback && literal.loopback;
			// HTTPS for refused ones, so the refusal can only be about the address; plain HTTP
			// to the canary for allowed loopback (what `--allow-loopback` is for).
			const url = allowed
				? `http://${literal.host}:${v4.port}/subscribed`
				: `https://${literal.host}/hook`;
			const outcomes = new Set<string>();
			for (const surface of on) {
				const result = await surface.subscribe(url);
				figures.subscribeTried += 1;
				const { code, message } = refusal(result.body);
				outcomes.add(
					result.status < 300
						? `accepted (${result.status})`
						: `${result.status} ${code}: ${message}`,
				);
				if (allowed) {
					expect({ url, surface: surface.name, status: result.status }).toEqual({
						url,
						surface: surface.name,
						status: surface.accepted,
					});
					figures.allowedLoopbackAtSubscribe += 1;
				} else {
					expect({ url, surface: surface.name, status: result.status, code }).toEqual({
						url,
						surface: surface.name,
						status: 422,
						code: 'invalid_url',
					});
					expect(message).toMatch(/publicly accessible/);
					figures.refusedAtSubscribe += 1;
				}
			}
			const parsed = new URL(url).hostname;
			lines.push(
				`${allowLoopback ? 'allowLoopback' : 'strict'} ${literal.host} (${literal.what}) → ${parsed}: ${[...outcomes].join(' | ')} [${on.length} surfaces]`,
			);
		}
	}
	console.log(
		`SSRF at subscribe time (host as written → as the URL parser gives it):\n${lines.join('\n')}`,
	);

	// Nothing internal was stored on the strict provider: the PATCHed seed keeps its URL.
	const stored = PERSONAS.flatMap((p) =>
		strict.context.accounts.list(p).flatMap((a) => strict.context.webhooks.list(p, a.id)),
	);
	expect(stored.map((w) => w.url)).toEqual(['https://hooks.example.test/seed']);
});

test('delivery time: names resolving to internal addresses are refused after DNS; nothing connects', async () => {
	const cases = RESOLVED.map((c, i) => ({
		...c,
		persona: PERSONAS[i % PERSONAS.length] as Persona,
		hostname: `case-${i}.internal.test`,
	}));
	for (const c of cases) dns.answers.set(c.hostname, c.addresses);
	const before = { v4: v4.connections, v6: v6.connections };
	const sent: Awaited<ReturnType<typeof subscribeAndEmit>>[] = [];
	for (const c of cases) {
		const port = c.canary === 'v6' ? v6.port : v4.port;
		sent.push(await subscribeAndEmit(strict, c.persona, `https://${c.hostname}:${port}/hook`));
	}
	const logged = await firstAttempts(strict, sent);
	figures.deliveryTried += cases.length;
	const reached = v4.connections - before.v4 + (v6.connections - before.v6);
	figures.reached += reached;
	const lines = cases.map((c, i) => {
		const entry = logged[i] as LogEntry;
		const secret = sent[i]?.secret ?? '';
		expect({ hostname: c.hostname, code: entry.responseCode, body: entry.responseBody }).toEqual({
			hostname: c.hostname,
			code: null,
			body: '',
		});
		expect(entry.error).toMatch(REFUSAL);
		expect(REFUSAL.exec(entry.error ?? '')?.[1]).toBe(c.refusedAs);
		// The log names the class, never the address the name resolved to, nor the secret.
		for (const address of c.addresses) expect(JSON.stringify(entry)).not.toContain(address);
		expect(secret).not.toBe('');
		expect(JSON.stringify(entry)).not.toContain(secret);
		figures.refusedAtDelivery += 1;
		return (
			`${c.persona.padEnd(11)} ${c.hostname.padEnd(24)} → [${c.addresses.join(', ')}]`.padEnd(70) +
			` ${entry.error}`
		);
	});
	console.log(`SSRF after DNS (strict; canary connections: ${reached}):\n${lines.join('\n')}`);
	expect(reached).toBe(0);
});

test('delivery time with allowLoopback: loopback answers are delivered, other internal ones refused', async () => {
	const cases = RESOLVED_WITH_LOOPBACK.map((c, i) => ({
		...c,
		persona: PERSONAS[i % PERSONAS.length] as Persona,
		// *.localhost: a loopback name at subscribe time, so plain HTTP to the canary is allowed;
		// what it resolves to is decided at delivery.
		hostname: `open-${i}.localhost`,
		path: `/open-${i}`,
	}));
	for (const c of cases) dns.answers.set(c.hostname, c.addresses);
	const sent: Awaited<ReturnType<typeof subscribeAndEmit>>[] = [];
	for (const c of cases) {
		const port = c.canary === 'v6' ? v6.port : v4.port;
		sent.push(await subscribeAndEmit(loose, c.persona, `http://${c.hostname}:${port}${c.path}`));
	}
	const logged = await firstAttempts(loose, sent);
	figures.deliveryTried += cases.length;
	const hits = (path: string) => [...v4.paths, ...v6.paths].filter((p) => p === path).length;
	const lines = cases.map((c, i) => {
		const entry = logged[i] as LogEntry;
		if (c.refusedAs === '') {
			expect({ hostname: c.hostname, code: entry.responseCode, hits: hits(c.path) }).toEqual({
				hostname: c.hostname,
				code: 200,
				hits: 1,
			});
			figures.allowedLoopbackDelivered += 1;
		} else {
			figures.reached += hits(c.path);
			expect({ hostname: c.hostname, code: entry.responseCode, hits: hits(c.path) }).toEqual({
				hostname: c.hostname,
				code: null,
				hits: 0,
			});
			expect(REFUSAL.exec(entry.error ?? '')?.[1]).toBe(c.refusedAs);
			for (const address of c.addresses) expect(JSON.stringify(entry)).not.toContain(address);
			figures.refusedAtDelivery += 1;
		}
		return (
			`${c.persona.padEnd(11)} ${c.hostname.padEnd(20)} → [${c.addresses.join(', ')}]`.padEnd(66) +
			` ${entry.error ?? `delivered, ${entry.responseCode}`} (canary hits ${hits(c.path)})`
		);
	});
	console.log(`SSRF after DNS (allowLoopback):\n${lines.join('\n')}`);
});

test('DNS rebinding: public when subscribed, loopback or metadata when delivered → refused', async () => {
	const lines: string[] = [];
	const before = { v4: v4.connections, v6: v6.connections };
	const flips: { hostname: string; to: string; refusedAs: string }[] = [
		{ hostname: 'rebind-1.internal.test', to: '127.0.0.1', refusedAs: 'loopback' },
		{ hostname: 'rebind-2.internal.test', to: '169.254.169.254', refusedAs: 'link-local' },
		{ hostname: 'rebind-3.internal.test', to: '::ffff:127.0.0.1', refusedAs: 'loopback' },
	];
	for (const [i, flip] of flips.entries()) {
		const persona = PERSONAS[i % PERSONAS.length] as Persona;
		dns.answers.set(flip.hostname, ['8.8.8.8']);
		const askedBefore = dns.asked.length;
		const account = await createAccount(
			strict,
			persona,
			persona === 'vellocity' ? 'enterprise' : undefined,
		);
		const url = `https://${flip.hostname}:${v4.port}/rebind`;
		const subscribed =
			persona === 'velaflows'
				? await call(
						'POST',
						`${strict.personas.velaflows}/integrations/webhooks`,
						{ url, events: [EVENT.velaflows] },
						{ authorization: `Bearer ${account.apiKey}`, 'x-workspace-id': account.id },
					)
				: persona === 'vellocity'
					? await call(
							'POST',
							`${strict.url}${VELLOCITY_PREFIX}`,
							{ url, events: [EVENT.vellocity] },
							{ authorization: `Bearer ${account.apiKey}` },
						)
					: await call('PUT', `${strict.url}/_admin/${persona}/accounts/${account.id}/webhook`, {
							url,
							events: [EVENT[persona]],
						});
		expect(subscribed.status).toBeLessThan(300);
		const lookupsAtSubscribe = dns.asked.length - askedBefore;
		// The name now points inward: the check at connection time is the one that counts.
		dns.answers.set(flip.hostname, [flip.to]);
		const sent = await emit(strict, persona, account.id, EVENT[persona]);
		const [entry] = await firstAttempts(strict, [
			{ persona, account: account.id, deliveryId: sent.deliveries[0] ?? '' },
		]);
		expect(entry?.responseCode).toBeNull();
		expect(REFUSAL.exec(entry?.error ?? '')?.[1]).toBe(flip.refusedAs);
		figures.deliveryTried += 1;
		figures.refusedAtDelivery += 1;
		lines.push(
			`${persona.padEnd(11)} ${flip.hostname}: 8.8.8.8 at subscribe (${lookupsAtSubscribe} lookups) → ${flip.to} at delivery: ${entry?.error}`,
		);
	}
	const reached = v4.connections - before.v4 + (v6.connections - before.v6);
	figures.reached += reached;
	console.log(`DNS rebinding (canary connections: ${reached}):\n${lines.join('\n')}`);
	expect(reached).toBe(0);
});

test('summary: no request reached an internal target', () => {
	recordSummary({
		suite: 'SSRF: internal targets at subscribe and after DNS',
		tried: figures.subscribeTried + figures.deliveryTried,
		note:
			`${figures.refusedAtSubscribe} refused at subscribe, ${figures.refusedAtDelivery} refused at delivery, ` +
			`${figures.reached} requests reached; allowLoopback let ${figures.allowedLoopbackAtSubscribe} loopback ` +
			`subscriptions and ${figures.allowedLoopbackDelivered} loopback deliveries through`,
	});
	expect(figures.reached).toBe(0);
	expect(figures.refusedAtSubscribe + figures.refusedAtDelivery).toBeGreaterThan(0);
});
