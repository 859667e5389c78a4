#!/usr/bin/env node
'use strict';
// npm run test:node-red: the packed @hookbridge/node-red installed into a fresh Node-RED user
// directory and run by a real Node-RED 4.1 server (`node-red` from this repository's
// devDependencies), against the reference provider, all on loopback.
//   node node-red/e2e/run-e2e.js <package-tarball>
// A flow with a VelaFlows node (subscribes on deploy) and a Flowella node (dashboard secret) is
// deployed through Node-RED's admin API, each wired to a file node; deliveries from the
// reference provider are written there, a forgery is refused with 401 and writes nothing;
// deploying an empty flow deletes the VelaFlows hook. Run twice: with httpNodeRoot `/` (the
// default, where the admin API parses bodies on the nodes' paths) and `/red/`. (Repeats:
// test/node-red/.)
const { spawn, execFileSync } = require('node:child_process');
const { createHmac } = require('node:crypto');
const { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { check, freePort, http, sleep } = require('../../scripts/e2e-kit.js');

const [tarball] = process.argv.slice(2);
const root = path.join(__dirname, '..', '..');
const started = Date.now();
const log = (line) =>
	console.log(`[node-red-e2e ${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`);

async function until(test, what, ms = 60_000) {
	const deadline = Date.now() + ms;
	while (Date.now() < deadline) {
		const value = await test();
		if (value) return value;
		await sleep(100);
	}
	throw new Error(`timed out waiting for ${what}`);
}

/** Lines the flow's file node wrote: one JSON event per line. */
function written(file) {
	if (!existsSync(file)) return [];
	return readFileSync(file, 'utf8')
		.split('\n')
		.filter(Boolean)
		.map((line) => JSON.parse(line));
}

function startNodeRed(userDir, port, httpNodeRoot) {
	const settings = path.join(userDir, 'settings.js');
	writeFileSync(
		settings,
		`module.exports = ${JSON.stringify({
			uiHost: '127.0.0.1',
			uiPort: port,
			flowFile: 'flows.json',
			credentialSecret: 'e2e-credential-secret',
			httpNodeRoot,
			logging: { console: { level: 'warn' } },
		})};\n`,
	);
	const red = path.join(root, 'node_modules', 'node-red', 'red.js');
	const child = spawn(process.execPath, [red, '--userDir', userDir, '--settings', settings], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	return { child, output: () => output };
}

function flow(base, provider, vela, fileDir) {
	const node = (id, props, credentials) => ({
		id,
		type: 'hookbridge in',
		z: 'tab1',
		path: `/hooks/${id}`,
		publicUrl: base,
		ignoreDuplicates: true,
		dataOnly: false,
		wires: [[`${id}-json`]],
		...props,
		credentials,
	});
	const sink = (id) => [
		{
			id: `${id}-json`,
			type: 'json',
			z: 'tab1',
			action: 'str',
			property: 'payload',
			wires: [[`${id}-file`]],
		},
		{
			id: `${id}-file`,
			type: 'file',
			z: 'tab1',
			filename: path.join(fileDir, `${id}.jsonl`),
			filenameType: 'str',
			appendNewline: true,
			createDir: true,
			overwriteFile: 'false',
			encoding: 'utf8',
			wires: [[]],
		},
	];
	return [
		{ id: 'tab1', type: 'tab', label: 'hookbridge e2e' },
		// Ids as the editor makes them: a node whose id equals another's property value (a
		// provider id) would be taken for a config node reference.
		node(
			'a1b2c3d4e5f60001',
			{ provider: 'velaflows', events: 'crm.lead.created', baseUrl: provider.persona('velaflows') },
			{ apiKey: vela.apiKey, workspaceId: vela.id },
		),
		...sink('a1b2c3d4e5f60001'),
		node(
			'a1b2c3d4e5f60002',
			{ provider: 'flowella', events: '' },
			{ signingSecret: vela.flowellaSecret },
		),
		...sink('a1b2c3d4e5f60002'),
	];
}

async function deploy(admin, flows) {
	const result = await http('POST', `${admin}/flows`, flows, {
		'Node-RED-Deployment-Type': 'full',
		'Node-RED-API-Version': 'v1',
	});
	check(
		result.status === 204 || result.status === 200,
		`deploy: ${result.status} ${JSON.stringify(result.body)}`,
	);
}

async function main() {
	// The default root, where the admin API's body parser shares the nodes' paths, and another.
	for (const nodeRoot of ['/', '/red/']) await runWithRoot(nodeRoot);
	log('passed');
}

async function runWithRoot(nodeRoot) {
	const work = mkdtempSync(path.join(tmpdir(), 'hookbridge-node-red-e2e-'));
	const userDir = path.join(work, 'user');
	execFileSync('npm', [
		'install',
		'--prefix',
		userDir,
		'--no-audit',
		'--no-fund',
		'--loglevel=error',
		tarball,
	]);
	const installed = path.join(userDir, 'node_modules', '@hookbridge', 'node-red', 'package.json');
	const manifest = JSON.parse(readFileSync(installed, 'utf8'));
	check(
		Object.keys(manifest.dependencies || {}).length === 0,
		'the package must have no dependencies',
	);
	log(`installed ${manifest.name} ${manifest.version} into a fresh user directory`);

	const { startProvider } = require(path.join(root, 'dist', 'provider', 'start-provider.js'));
	const provider = await startProvider({
		port: 0,
		dataFile: path.join(work, 'provider.sqlite'),
		allowLoopback: true,
	});
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	const red = startNodeRed(userDir, port, nodeRoot);
	try {
		await until(
			async () => (await http('GET', `${base}/flows`).catch(() => ({}))).status === 200,
			'Node-RED',
		);
		const types = await http('GET', `${base}/nodes`, undefined, { accept: 'application/json' });
		check(
			JSON.stringify(types.body).includes('"hookbridge in"'),
			'Node-RED did not load the hookbridge in node',
		);
		log(`Node-RED is up with the hookbridge in node (httpNodeRoot ${nodeRoot})`);
		await exercise(provider, base, `${base}${nodeRoot.replace(/\/+$/, '')}/hooks`, work);
	} catch (error) {
		console.error(red.output());
		throw error;
	} finally {
		red.child.kill('SIGTERM');
		await provider.close();
	}
	rmSync(work, { recursive: true, force: true });
}

async function exercise(provider, base, hooks, work) {
	const admin = `${provider.url}/_admin`;
	const vela = (await http('POST', `${admin}/accounts`, { provider: 'velaflows' })).body;
	const flowella = (await http('POST', `${admin}/accounts`, { provider: 'flowella' })).body;
	const page = `${admin}/flowella/accounts/${flowella.id}/webhook`;
	const added = await http('PUT', page, {
		url: `${hooks}/a1b2c3d4e5f60002`,
		events: ['message.received'],
	});
	check(added.status === 200, `flowella dashboard: ${added.status}`);
	const veloHooks = async () =>
		(
			await http('GET', `${provider.persona('velaflows')}/integrations/webhooks`, undefined, {
				authorization: `Bearer ${vela.apiKey}`,
				'x-workspace-id': vela.id,
			})
		).body.data.subscriptions;

	await deploy(base, flow(base, provider, { ...vela, flowellaSecret: added.body.secret }, work));
	const [hook] = await until(
		async () => ((await veloHooks()).length === 1 ? veloHooks() : null),
		'the VelaFlows hook',
	);
	check(hook.url === `${hooks}/a1b2c3d4e5f60001`, `subscribed ${hook.url}`);
	log(`deployed: the node subscribed ${hook.url} at VelaFlows`);

	await checkDeliveries(admin, { vela, flowella }, work);
	await checkForgery(hooks, work);

	await deploy(base, [{ id: 'tab1', type: 'tab', label: 'hookbridge e2e' }]);
	await until(async () => (await veloHooks()).length === 0, 'the VelaFlows hook deleted');
	log('an empty deploy closed the nodes: the VelaFlows hook is deleted');
}

/** An event sent by each provider reaches its node's file, verified, with the sent id. */
async function checkDeliveries(admin, { vela, flowella }, work) {
	const lead = (
		await http('POST', `${admin}/velaflows/events`, { account: vela.id, type: 'crm.lead.created' })
	).body;
	const message = (
		await http('POST', `${admin}/flowella/events`, {
			account: flowella.id,
			type: 'message.received',
		})
	).body;
	const deliveries = async () =>
		(await http('GET', `${admin}/velaflows/deliveries?account=${vela.id}`)).body.deliveries;
	const [attempt] = await until(
		async () => ((await deliveries()).length > 0 ? deliveries() : null),
		'a VelaFlows delivery attempt',
	);
	log(
		`VelaFlows delivered: ${attempt.status}, answered ${attempt.responseCode} ${attempt.responseBody}`,
	);
	const velaEvent = await firstWritten(path.join(work, 'a1b2c3d4e5f60001.jsonl'), 'VelaFlows');
	const flowellaEvent = await firstWritten(path.join(work, 'a1b2c3d4e5f60002.jsonl'), 'Flowella');
	check(
		velaEvent.id === lead.eventId && velaEvent.verified === true,
		`vela: ${JSON.stringify(velaEvent)}`,
	);
	check(
		flowellaEvent.id === message.eventId && flowellaEvent.verified === true,
		`flowella: ${JSON.stringify(flowellaEvent)}`,
	);
	log('a delivery from each provider reached the flow, verified');
}

async function firstWritten(file, provider) {
	const [event] = await until(
		() => (written(file).length ? written(file) : null),
		`the ${provider} event`,
	);
	return event;
}

/** Flowella's scheme (hex HMAC of the body) with a secret that is not the hook's: 401, no line. */
async function checkForgery(hooks, work) {
	const body = JSON.stringify({ event: 'message.received', id: 'evt_forged', data: {} });
	const forged = await http('POST', `${hooks}/a1b2c3d4e5f60002`, body, {
		'content-type': 'application/json',
		'x-flowella-signature': createHmac('sha256', 'not-the-secret').update(body).digest('hex'),
	});
	check(forged.status === 401, `forgery answered ${forged.status}`);
	log('a forgery was refused with 401');
	await sleep(500);
	check(
		written(path.join(work, 'a1b2c3d4e5f60002.jsonl')).length === 1,
		'the forgery reached the flow',
	);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
