import { profiles } from '../../shared';
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
