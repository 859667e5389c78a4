import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { profiles } from '../../shared';
import { independentVerdicts } from '../helpers/independent-check';
import { readWireCapture, wireCaptureEnv } from '../helpers/wire-capture';
import { hookbridge } from './helpers/cli-process';

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
	expect(rows.map((r) => r[0]).sort()).toEqual([
		'flowella',
		'inboundflow',
		'velaflows',
		'vellocity',
	]);
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
}, 60_000);

// The demo's receivers verify with hookbridge's own receive(), and the provider signs with
// hookbridge's own signer: a bug shared by both would still show "verified". So every request
// the demo's receivers got is also recorded as it came off the socket (test/helpers/
// wire-capture-preload.cjs, preloaded into the CLI process; no product hook), and its signature
// recomputed with node:crypto per the provider's docs (test/helpers/independent-check.ts), with
// the secret of the webhook it was sent to as `--data` keeps it in the provider's database.
test('every delivery the demo sent carries the signature its provider documents, recomputed with node:crypto over the captured raw bytes', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'hookbridge-demo-wire-'));
	try {
		const data = join(dir, 'demo.sqlite');
		const capture = join(dir, 'wire.jsonl');
		const run = await hookbridge(['demo', '--data', data], '', wireCaptureEnv(capture));
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);

		const db = new Database(data, { readonly: true, fileMustExist: true });
		const webhooks = db
			.prepare('SELECT url, provider, secret FROM webhooks WHERE deleted = 0')
			.all() as Array<{ url: string; provider: string; secret: string | null }>;
		const attempts = db
			.prepare('SELECT url, COUNT(*) AS n FROM attempts GROUP BY url')
			.all() as Array<{ url: string; n: number }>;
		db.close();
		expect(webhooks.map((w) => w.provider).sort()).toEqual(Object.keys(rowsOf(run.stdout)).sort());
		const byUrl = new Map(webhooks.map((w) => [w.url, w]));

		const wire = readWireCapture(capture);
		const targetOf = (request: (typeof wire)[0]) =>
			`http://127.0.0.1:${request.localPort}${request.url}`;
		// Every captured request went to one of the demo's webhooks (none unaccounted for)…
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
				...independentVerdicts(webhook?.provider ?? '', request, webhook?.secret ?? ''),
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
		// The secrets it was checked with never reach the demo's output.
		for (const { secret } of webhooks) expect(run.stdout).not.toContain(secret ?? '\0');
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}, 90_000);

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
