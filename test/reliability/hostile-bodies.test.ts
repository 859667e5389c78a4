import { MemoryDedupeStore, profiles } from '../../shared';
import { secretFor, signedDelivery, signsUrl } from '../helpers/signed-delivery';
import type { HeaderPairs } from './helpers/forgeries';
import {
	n8nPath,
	receivePath,
	startListenPath,
	zapierPath,
	type Delivery,
	type Outcome,
	type Send,
} from './helpers/paths';
import { recordSummary } from './helpers/summary';

// Hostile bodies, each validly signed so it gets past the signature and reaches the parser:
// invalid UTF-8, nesting 10,000 deep, 10 MB, `__proto__` keys, integers beyond 2^53. Every way
// in must answer with a clear 4xx code (or accept harmless content as it is), stay within
// bounded memory, and never pollute Object.prototype.

// URL-signing profiles (Twilio) are covered by their own SDK-signed suite.
const PROVIDERS = Object.values(profiles)
	.filter((profile) => !signsUrl(profile))
	.map((profile) => profile.id);
const nowSeconds = () => Math.floor(Date.now() / 1000);
const MiB = 1024 * 1024;

/** The provider's first catalog sample with its data replaced by `rawData` (JSON text). */
function bodyWith(provider: string, rawData: string, unsafeId = false): Buffer {
	const profile = profiles[provider];
	const sample = { ...(profile?.events[0]?.sample ?? profile?.anyEventSample ?? {}) };
	const idPath = profile?.envelope.id.find((l) => 'body' in l);
	const dataKey = profile?.envelope.dataKey ?? 'data';
	// A flat profile's data is the body itself (GitHub): the hostile members join the body.
	const text =
		dataKey === '' && rawData.startsWith('{')
			? JSON.stringify(sample).replace(/}$/, `,${rawData.slice(1)}`)
			: JSON.stringify({ ...sample, [dataKey || 'data']: '__HOSTILE__' }).replace(
					'"__HOSTILE__"',
					rawData,
				);
	if (!unsafeId || !idPath || !('body' in idPath) || idPath.body.includes('.'))
		return Buffer.from(text);
	// The event id as a bare integer beyond 2^53 (JSON.parse will round it).
	const parsed = JSON.parse(text) as Record<string, unknown>;
	parsed[idPath.body] = '__ID__';
	return Buffer.from(JSON.stringify(parsed).replace('"__ID__"', '9007199254740993'));
}

interface Case {
	name: string;
	body: (provider: string) => Buffer;
	/** What receive() answers with its defaults, and what every adapter answers (strictJson). */
	library: string;
	adapters: string;
	/** Zapier hands perform text, which cannot hold invalid UTF-8: not a way in for that case. */
	notForZapier?: boolean;
	/** Only where the provider's id is a top-level body field. */
	applies?: (provider: string) => boolean;
}

const deep = '['.repeat(10_000) + ']'.repeat(10_000);
const cases: Case[] = [
	{
		name: 'invalid UTF-8',
		body: (p) =>
			Buffer.concat([
				bodyWith(p, '"__SPLIT__"').subarray(0, bodyWith(p, '"__SPLIT__"').indexOf('__SPLIT__')),
				Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
				Buffer.from('"}'),
			]),
		library: 'invalid_json',
		adapters: 'invalid_json',
		notForZapier: true,
	},
	{
		name: 'nested 10,000 deep',
		body: (p) => bodyWith(p, deep),
		// receive() itself never recurses into data: it returns the event; adapters refuse.
		library: 'accepted',
		adapters: 'payload_too_deep',
	},
	{
		name: '10 MB body',
		body: (p) => bodyWith(p, JSON.stringify({ blob: 'x'.repeat(10 * MiB) })),
		library: 'payload_too_large',
		adapters: 'payload_too_large',
	},
	{
		name: '__proto__ and constructor.prototype keys',
		body: (p) =>
			bodyWith(
				p,
				'{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"n":1}',
			),
		library: 'accepted',
		adapters: 'accepted',
	},
	{
		name: 'integer beyond 2^53 in data',
		body: (p) => bodyWith(p, '{"amount":9007199254740993}'),
		library: 'accepted',
		adapters: 'unsafe_number',
	},
	{
		name: 'event id beyond 2^53',
		body: (p) => bodyWith(p, '{"n":1}', true),
		library: 'unsafe_number',
		adapters: 'unsafe_number',
		applies: (p) => {
			const locator = profiles[p]?.envelope.id[0];
			return locator !== undefined && 'body' in locator && !locator.body.includes('.');
		},
	},
];

function sign(provider: string, body: Buffer): Delivery {
	const delivery = signedDelivery(provider, body, secretFor(provider), { timestamp: nowSeconds() });
	return { body, headers: Object.entries(delivery.headers) as HeaderPairs };
}

function verdict(outcome: Outcome): string {
	return outcome.accepted || outcome.duplicate
		? 'accepted'
		: (outcome.code ?? `http ${outcome.status}`);
}

const results: string[] = [];
let tried = 0;
let wrong = 0;

afterAll(() => {
	recordSummary({
		suite: 'hostile bodies: bad UTF-8, deep, 10 MB, __proto__, > 2^53',
		tried,
		note: `${wrong} unexpected answers; Object.prototype clean`,
	});
});

async function check(path: string, provider: string, send: Send, strict: boolean): Promise<void> {
	for (const c of cases) {
		if (c.applies && !c.applies(provider)) continue;
		if (c.notForZapier && path === 'Zapier perform') continue;
		const outcome = await send(sign(provider, c.body(provider)));
		tried++;
		const got = verdict(outcome);
		const expected = strict ? c.adapters : c.library;
		const line = `${path} ${provider} ${c.name}: ${got}${outcome.status ? ` (${outcome.status})` : ''}`;
		results.push(line);
		console.log(line);
		if (got !== expected) wrong++;
		expect(`${c.name}: ${got}`).toBe(`${c.name}: ${expected}`);
		if (outcome.status !== undefined && got !== 'accepted') {
			expect(outcome.status).toBeGreaterThanOrEqual(400);
			expect(outcome.status).toBeLessThan(500);
		}
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(Object.prototype).not.toHaveProperty('polluted');
	}
}

describe.each(PROVIDERS)('hostile bodies for %s', (provider) => {
	const secret = secretFor(provider);

	test('receive() with its defaults, and with strictJson as the adapters use it', async () => {
		await check(
			'receive()',
			provider,
			receivePath(provider, { secrets: secret, dedupe: false }),
			false,
		);
		await check(
			'receive(strictJson)',
			provider,
			receivePath(provider, { secrets: secret, dedupe: new MemoryDedupeStore(), strictJson: true }),
			true,
		);
	});

	test('the __proto__ key stays data, never a prototype', async () => {
		const send = receivePath(provider, { secrets: secret, dedupe: false });
		const proto = cases.find((c) => c.name.startsWith('__proto__'));
		const outcome = await send(sign(provider, proto?.body(provider) ?? Buffer.alloc(0)));
		const data = (outcome.output as { data: Record<string, unknown> }).data;
		expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
		expect(Object.keys(data)).toEqual(expect.arrayContaining(['__proto__', 'constructor', 'n']));
	});

	test('hookbridge listen over HTTP: 4xx codes, bounded memory, still serving', async () => {
		const path = await startListenPath(provider, [secret], ['--json']);
		try {
			const before = path.rssKiB();
			await check('hookbridge listen (HTTP)', provider, path.send, true);
			// Ten more 10 MB bodies: refused from Content-Length without being buffered.
			const big = sign(provider, cases[2]?.body(provider) ?? Buffer.alloc(0));
			for (let i = 0; i < 10; i++) expect((await path.send(big)).status).toBe(413);
			const grown = path.rssKiB() - before;
			console.log(`listen ${provider}: RSS ${before} KiB → +${grown} KiB after 11 × 10 MB refused`);
			// Buffering even one body would add ~10 MiB; allow GC noise well below that.
			expect(grown).toBeLessThan(8 * 1024);
			expect(path.listen.child.exitCode).toBeNull();
			expect(path.listen.stdout).toContain('"__proto__":{"polluted":"yes"}');
		} finally {
			expect(await path.stop()).toBe(0);
		}
	});

	test('Zapier perform and n8n webhook(): 4xx codes, nothing polluted', async () => {
		await check('Zapier perform', provider, zapierPath(provider, secret), true);
		await check('n8n webhook()', provider, n8nPath(provider, secret), true);
	});
});
