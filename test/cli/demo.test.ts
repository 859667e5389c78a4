import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { profiles } from '../../shared';
import { independentVerdicts } from '../helpers/independent-check';
import { readWireCapture, wireCaptureEnv } from '../helpers/wire-capture';
import { hookbridge } from './helpers/cli-process';
import { sqliteDriver } from '../../gateway/store/sqlite-driver';

// The demo's gateway chapter: this many events through each lane, relayed to a destination
// (path /relay) signed with the Standard Webhooks secret this test passes with --relay-secret.
const CHAPTER_EVENTS = 12;
const RELAY_PATH = '/relay';
const RELAY_SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const AUTO_DISABLE_AFTER = profiles.flowella?.delivery.autoDisableAfter ?? Number.NaN;

// `npm run demo` is `hookbridge demo` after a build: run it as a user would and read its table.
test('hookbridge demo exits 0 and its table shows every catalogued type of every provider received and verified', async () => {
	const run = await hookbridge(['demo']);
	expect(run.stderr).toBe('');
	expect(run.code).toBe(0);
	expect(run.stdout).toContain('the event arrives on the retry ✔');
	expect(run.stdout).toContain('the retry is recognised as a duplicate');
	const rows = run.stdout
		.split('\n')
		.map((line) => line.trim().split(/\s{2,}/))
		.filter((cells) => cells.length === 7 && Object.hasOwn(profiles, cells[0] ?? ''));
	// Every provider the reference provider impersonates with a catalog: the four of the seeds
	// and the built-in profiles written as data (Svix has no catalog; Standard Webhooks is no
	// provider with accounts).
	expect(rows.map((r) => r[0]).sort()).toEqual(
		[
			...['flowella', 'inboundflow', 'velaflows', 'vellocity'],
			...['github', 'shopify', 'slack', 'stripe', 'twilio'],
		].sort(),
	);
	let exercised = 0;
	for (const [provider, sent, received, verified, , , types] of rows) {
		const catalog = profiles[provider ?? '']?.events.length ?? -1;
		expect({ provider, received, verified, types }).toEqual({
			provider,
			received: sent,
			verified: sent,
			types: `${catalog}/${catalog}`,
		});
		exercised += catalog;
	}
	const duplicates = rows.reduce((n, r) => n + Number(r[4]), 0);
	const retried = rows.reduce((n, r) => n + Number(r[5]), 0);
	expect(duplicates).toBe(1);
	expect(retried).toBeGreaterThanOrEqual(2);
	expect(run.stdout).toContain(
		`${exercised} event types exercised of ${exercised} in the catalogs`,
	);
	expectGatewayChapter(run.stdout);
}, 60_000);

/** listen --forward: Flowella disables the webhook; the gateway: no failure, nothing lost. */
function expectGatewayChapter(stdout: string): void {
	const n = CHAPTER_EVENTS;
	const disabled =
		/Flowella auto-disabled the webhook: failureCount (\d+), disabledReason auto/.exec(stdout);
	expect(Number(disabled?.[1])).toBeGreaterThanOrEqual(AUTO_DISABLE_AFTER);
	const unsent = new RegExp(`(\\d+) of the ${n} events came after that and were never sent`).exec(
		stdout,
	);
	expect(Number(unsent?.[1])).toBeGreaterThan(0);
	expect(stdout).toContain(`the destination got 0 of the ${n} events`);
	expect(stdout).toContain(`the gateway acknowledged ${n} of the ${n} events on Flowella's first`);
	expect(refusedRelays(stdout)).toBeGreaterThan(AUTO_DISABLE_AFTER);
	expect(stdout).toContain("Flowella's webhook is still active with 0 failures ✔");
	expect(stdout).toContain(
		`${n}/${n} events arrived at the destination, verified, after it recovered; 0 lost ✔`,
	);
}

/** The gateway lane's relay attempts the destination refused while down, as the demo says. */
function refusedRelays(stdout: string): number {
	return Number(/the destination refused (\d+) relay attempts \(503\)/.exec(stdout)?.[1]);
}

// The demo's receivers verify with hookbridge's own receive(), and the provider signs with
// hookbridge's own signer: a bug shared by both would still show "verified". So every request
// the demo's receivers got is also recorded as it came off the socket (test/helpers/
// wire-capture-preload.cjs, preloaded into the CLI process; no product hook), and its signature
// recomputed with node:crypto per the provider's docs (test/helpers/independent-check.ts), with
// the secret of the webhook it was sent to as `--data` keeps it in the provider's database.
// The gateway chapter's relays to its destination are checked the same way, as Standard
// Webhooks deliveries signed with the demo's fixed relay secret.
test('every delivery the demo sent carries the signature its provider documents, recomputed with node:crypto over the captured raw bytes', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'hookbridge-demo-wire-'));
	try {
		const data = join(dir, 'demo.sqlite');
		const capture = join(dir, 'wire.jsonl');
		const run = await hookbridge(
			['demo', '--data', data, '--relay-secret', RELAY_SECRET],
			'',
			wireCaptureEnv(capture),
		);
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);

		const db = new (sqliteDriver())(data, { readonly: true, fileMustExist: true });
		const webhooks = db
			.prepare('SELECT url, provider, secret FROM webhooks WHERE deleted = 0')
			.all() as Array<{ url: string; provider: string; secret: string | null }>;
		const attempts = db
			.prepare('SELECT url, COUNT(*) AS n FROM attempts GROUP BY url')
			.all() as Array<{ url: string; n: number }>;
		db.close();
		// One webhook per provider of the table, plus the gateway chapter's two Flowella lanes.
		expect(webhooks.map((w) => w.provider).sort()).toEqual(
			[...Object.keys(rowsOf(run.stdout)), 'flowella', 'flowella'].sort(),
		);
		const byUrl = new Map(webhooks.map((w) => [w.url, w]));

		const captured = readWireCapture(capture);
		// The chapter's destination is not a provider webhook: what the relays posted to it.
		const relays = captured.filter((request) => request.url === RELAY_PATH);
		const wire = captured.filter((request) => request.url !== RELAY_PATH);
		const targetOf = (request: (typeof wire)[0]) =>
			`http://127.0.0.1:${request.localPort}${request.url}`;
		// Every other captured request went to one of the demo's webhooks (none unaccounted for)…
		expect(wire.map(targetOf).filter((url) => !byUrl.has(url))).toEqual([]);
		// …and every attempt the provider logged was captured: as many requests per webhook as attempts.
		const counted = new Map<string, number>();
		for (const request of wire)
			counted.set(targetOf(request), (counted.get(targetOf(request)) ?? 0) + 1);
		expect(Object.fromEntries(counted)).toEqual(
			Object.fromEntries(attempts.map((a) => [a.url, a.n])),
		);
		const sent = Object.values(rowsOf(run.stdout)).reduce((n, s) => n + s, 0);
		expect(wire.length).toBeGreaterThanOrEqual(sent);

		const verdicts = wire.map((request) => {
			const webhook = byUrl.get(targetOf(request));
			return {
				provider: webhook?.provider,
				...independentVerdicts(
					webhook?.provider ?? '',
					request,
					webhook?.secret ?? '',
					targetOf(request),
				),
			};
		});
		expect(verdicts).toEqual(
			verdicts.map(({ provider }) => ({
				provider,
				genuine: true,
				tamperedBody: false,
				otherSecret: false,
			})),
		);

		// The destination got one relay per attempt `listen --forward` was sent (each relayed
		// once, then answered 502), plus the gateway's: the refused ones and one per event.
		const listenAttempts = Number(/Flowella made (\d+) delivery attempts/.exec(run.stdout)?.[1]);
		expect(relays).toHaveLength(listenAttempts + refusedRelays(run.stdout) + CHAPTER_EVENTS);
		expect(
			relays.map((request) => independentVerdicts('standard-webhooks', request, RELAY_SECRET)),
		).toEqual(relays.map(() => ({ genuine: true, tamperedBody: false, otherSecret: false })));
		expect(run.stdout).not.toContain(RELAY_SECRET);
		// The secrets it was checked with never reach the demo's output.
		for (const { secret } of webhooks) expect(run.stdout).not.toContain(secret ?? '\0');
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}, 90_000);

test('hookbridge demo refuses a --relay-secret that cannot be a key, as a usage error', async () => {
	const run = await hookbridge(['demo', '--relay-secret', 'whsec_']);
	expect(run.code).toBe(2);
	expect(run.stderr).toContain('invalid_secret');
	expect(run.stdout).toBe('');
}, 60_000);

/** The demo table's "events sent" by provider. */
function rowsOf(stdout: string): Record<string, number> {
	return Object.fromEntries(
		stdout
			.split('\n')
			.map((line) => line.trim().split(/\s{2,}/))
			.filter((cells) => cells.length === 7 && Object.hasOwn(profiles, cells[0] ?? ''))
			.map((cells) => [cells[0] ?? '', Number(cells[1])]),
	);
}
