// Footprint: what the Zapier app adds to zapier-platform-core's own load, its first perform;
// the @hookbridge/core, hookbridge (CLI) and n8n packages' tarballs; npm ci to the demo's first line on a fresh
// clone.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tarballStats } from '../scripts/pack-package.mjs';

const root = new URL('..', import.meta.url).pathname;
const run = (cmd, args, cwd) =>
	execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function zapier(quick) {
	const app = join(root, 'zapier', 'apps', 'velaflows');
	if (!existsSync(join(app, 'node_modules'))) {
		if (quick)
			return { skipped: 'zapier/apps/velaflows not installed (run npm run zapier:check first)' };
		run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], app);
	}
	run('npm', ['run', 'build', '--silent'], app);
	const body = JSON.stringify({
		eventId: 'evt_1',
		eventType: 'crm.lead.created',
		workspaceId: 'ws_1',
		timestamp: '2026-02-24T21:00:00.000Z',
		data: { leadId: 'l', name: 'n', pipelineId: 'p', stageId: 's' },
	});
	const probe = join(mkdtempSync(join(tmpdir(), 'hookbridge-footprint-')), 'probe.js');
	writeFileSync(
		probe,
		`
const t0 = performance.now();
const core = require(${JSON.stringify(join(app, 'node_modules', 'zapier-platform-core'))});
const t1 = performance.now();
const App = require(${JSON.stringify(join(app, 'index.js'))});
const t2 = performance.now();
const handler = core.createAppHandler(App);
handler({ command: 'execute', method: 'triggers.crmLeadCreated.operation.perform', calledFromCli: true, zcacheTestObj: {}, bundle: { authData: {}, inputData: {}, subscribeData: { id: 's', secret: 'whsec_fp' }, rawRequest: { method: 'POST', querystring: '', headers: { 'Http-X-Webhook-Signature': 'sha256=${createHmac('sha256', 'whsec_fp').update(body).digest('hex')}' }, content: ${JSON.stringify(body)} } } })
	.then((r) => { const t3 = performance.now(); if (r.results.length !== 1) throw new Error('perform'); console.log(JSON.stringify({ core: t1 - t0, app: t2 - t1, perform: t3 - t2 })); });
`,
	);
	const runs = Array.from({ length: quick ? 1 : 7 }, () =>
		JSON.parse(run(process.execPath, [probe], root)),
	);
	return {
		coreLoadMs: median(runs.map((r) => r.core)),
		appAddsMs: median(runs.map((r) => r.app)),
		firstPerformMs: median(runs.map((r) => r.perform)),
		runs: runs.length,
	};
}

function n8n(quick) {
	const pkg = join(root, 'n8n');
	if (!existsSync(join(pkg, 'node_modules'))) {
		if (quick) return { skipped: 'n8n/ not installed (CI installs it before the bench)' };
		run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], pkg);
	}
	run('npm', ['run', 'build', '--silent'], pkg);
	const [packed] = JSON.parse(run('npm', ['pack', '--dry-run', '--json', '--silent'], pkg));
	const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
	return {
		tarballKB: packed.size / 1024,
		unpackedKB: packed.unpackedSize / 1024,
		files: packed.entryCount,
		dependencies: Object.keys(manifest.dependencies ?? {}).length,
	};
}

/** A package as its pack script packs it (the tarballs release:check installs). */
function packed(script) {
	const tarball = run(process.execPath, [join(root, 'scripts', script)], root).trim();
	const { tarballKB, files, dependencies } = tarballStats(tarball);
	return { tarballKB, files: files.length, dependencies: dependencies.length };
}

/** npm ci on a fresh clone of HEAD, then npm run demo, until the demo's first line. */
async function firstDemoOutput() {
	const dir = mkdtempSync(join(tmpdir(), 'hookbridge-fresh-'));
	try {
		run('git', ['clone', '--quiet', '--depth', '1', `file://${root}`, dir], root);
		const start = performance.now();
		const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
			cwd: dir,
			stdio: 'ignore',
		});
		if (ci.status !== 0) throw new Error('npm ci failed in the fresh clone');
		const npmCiSeconds = (performance.now() - start) / 1000;
		const firstLine = await new Promise((resolve, reject) => {
			let first;
			const demo = spawn('npm', ['run', 'demo', '--silent'], {
				cwd: dir,
				stdio: ['ignore', 'pipe', 'inherit'],
			});
			demo.stdout.once('data', () => (first = (performance.now() - start) / 1000));
			demo.stdout.resume();
			demo.on('close', (code) =>
				code === 0 ? resolve(first) : reject(new Error(`demo exited ${code}`)),
			);
		});
		return { npmCiSeconds, firstDemoOutputSeconds: firstLine };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

export async function footprintBench({ quick = false } = {}) {
	return {
		zapier: zapier(quick),
		core: packed('pack-core.mjs'),
		cli: packed('pack-cli.mjs'),
		n8n: n8n(quick),
		fresh: quick ? { skipped: 'quick run' } : await firstDemoOutput(),
	};
}
