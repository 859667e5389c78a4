// The `hookbridge` package as a user meets it: installed from its tarball (with the core's) into
// an empty project by the Node under test, then run through npx: --version, --help, `verify` on
// a delivery signed here with node:crypto (and the same delivery forged), and the whole demo.
import { spawnSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * The environment that makes `node`, `npm` and `npx` in a child run on `node`. A Node from the
 * npm registry ships its headers: native modules (better-sqlite3) are compiled against them.
 */
export function nodeEnv(node, machineNode) {
	const env = { ...process.env, PATH: `${dirname(node)}:${process.env.PATH}` };
	const headers = join(dirname(node), '..');
	if (node !== machineNode && existsSync(join(headers, 'include', 'node'))) {
		env.npm_config_nodedir = headers;
	}
	return env;
}

/** An empty project with both tarballs installed by npm under `env` (see nodeEnv); returns its folder. */
export function installCli(env, tarballs) {
	const project = mkdtempSync(join(tmpdir(), 'hookbridge-cli-'));
	writeFileSync(join(project, 'package.json'), '{ "private": true }\n');
	const args = ['install', ...tarballs, '--no-audit', '--no-fund', '--loglevel=error'];
	expectExit(spawnSync('npm', args, { cwd: project, env, encoding: 'utf8' }), 0, 'npm install');
	return project;
}

/** Runs the installed CLI's checks; returns one line per check. */
export function cliChecks(project, env, version) {
	const npx = (args, input) =>
		spawnSync('npx', ['--no-install', 'hookbridge', ...args], {
			cwd: project,
			env,
			input,
			encoding: 'utf8',
			timeout: 300_000,
		});
	const shown = npx(['--version']);
	expectExit(shown, 0, 'hookbridge --version');
	if (shown.stdout.trim() !== version) {
		throw new Error(`hookbridge --version printed ${shown.stdout.trim()}, expected ${version}`);
	}
	const help = npx(['--help']);
	expectExit(help, 0, 'hookbridge --help');
	for (const command of ['verify', 'listen', 'trigger', 'subscriptions', 'gateway', 'demo']) {
		if (!help.stdout.includes(command))
			throw new Error(`hookbridge --help does not list ${command}`);
	}
	return [
		`npx hookbridge --version and --help: ${version}, every command listed`,
		verifyCheck(npx),
		demoCheck(npx),
	];
}

function verifyCheck(npx) {
	const key = randomBytes(32);
	const id = `msg_${randomBytes(6).toString('hex')}`;
	const timestamp = String(Math.floor(Date.now() / 1000));
	const body = JSON.stringify({ type: 'invoice.paid', data: { invoice: 'in_1', amount: 4200 } });
	const mac = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
	const args = (signed) => [
		'verify',
		'--provider',
		'standard-webhooks',
		'--secret',
		`whsec_${key.toString('base64')}`,
		'--header',
		`webhook-id: ${id}`,
		'--header',
		`webhook-timestamp: ${timestamp}`,
		'--header',
		`webhook-signature: v1,${signed}`,
	];
	const accepted = npx(args(mac), body);
	expectExit(accepted, 0, 'hookbridge verify (signed)');
	const event = JSON.parse(accepted.stdout);
	if (event.verified !== true || event.type !== 'invoice.paid' || event.id !== id) {
		throw new Error(`hookbridge verify printed an unexpected event: ${accepted.stdout}`);
	}
	const forged = npx(args(mac), body.replace('4200', '4201'));
	expectExit(forged, 1, 'hookbridge verify (forged)');
	if (!forged.stderr.startsWith('signature_mismatch')) {
		throw new Error(`hookbridge verify refused a forgery with: ${forged.stderr}`);
	}
	return 'npx hookbridge verify: a node:crypto-signed delivery accepted, its forgery signature_mismatch';
}

function demoCheck(npx) {
	const demo = npx(['demo']);
	expectExit(demo, 0, 'hookbridge demo');
	const last = demo.stdout.trim().split('\n').at(-1) ?? '';
	if (!last.includes('everything sent was received and verified')) {
		throw new Error(`hookbridge demo ended with: ${last}`);
	}
	return `npx hookbridge demo: ${last}`;
}

function expectExit(result, code, what) {
	if (result.status === code) return;
	const why = result.error ? String(result.error) : `exit ${result.status ?? result.signal}`;
	throw new Error(`${what}: ${why}, expected exit ${code}\n${result.stdout}${result.stderr}`);
}
