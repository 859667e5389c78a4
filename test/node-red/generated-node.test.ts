import { createHmac } from 'node:crypto';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isValidSlackRequest } from '@slack/bolt';
import { parse } from 'yaml';
import { loadProfile } from '../../shared';
import type { RunningProvider } from '../../provider/start-provider';
import { hookbridge } from '../cli/helpers/cli-process';
import { CHATTER_YAML, FORGE } from '../helpers/profile-fixtures';
import { call, startTestProvider } from '../provider/helpers/provider-fixture';
import { exerciseNode, type NodeCase, type Oracle } from './exercise-node';
import { helper } from './node-harness';

// `hookbridge generate node-red` for two profile files in a temporary folder (a GitHub-style
// API provider and a Slack-style manual one): each generated package's node module, loaded as
// Node-RED loads it, goes through the same flow as `hookbridge in`, on the real runtime, against
// the reference provider impersonating both files. `hookbridge in` also takes the manual file
// by path. Oracles: node:crypto for Forge's `sha256=` HMAC, @slack/bolt's verifier for Chatter.
jest.setTimeout(120_000);

const folder = mkdtempSync(join(tmpdir(), 'hookbridge-node-red-'));
writeFileSync(join(folder, 'forge.json'), JSON.stringify(FORGE));
writeFileSync(join(folder, 'chatter.yaml'), CHATTER_YAML);

let provider: RunningProvider;
beforeAll(async () => {
	provider = await startTestProvider({
		profiles: [loadProfile(FORGE), loadProfile(parse(CHATTER_YAML))],
	});
	await helper.startServer();
});
afterAll(async () => {
	await helper.stopServer();
	await provider.close();
});

async function generatedModule(file: string): Promise<(RED: never) => void> {
	const out = join(folder, `node-red-${file.replace(/\W/g, '_')}`);
	const run = await hookbridge([
		'generate',
		'node-red',
		'--profile',
		join(folder, file),
		'--out',
		out,
	]);
	expect(run.code).toBe(0);
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const pkg = require(join(out, 'package.json')) as {
		'node-red': { nodes: Record<string, string> };
	};
	const [module, ...others] = Object.values(pkg['node-red'].nodes);
	expect(others).toEqual([]);
	expect(readdirSync(out)).toContain((module ?? '').replace(/\.js$/, '.html'));
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require(join(out, module ?? '')) as (RED: never) => void;
}

const forgeOracle: Oracle = (delivery, secret) =>
	delivery.headers['x-forge-signature-256'] ===
	`sha256=${createHmac('sha256', secret).update(delivery.body).digest('hex')}`;

const chatterOracle: Oracle = (delivery, secret) =>
	isValidSlackRequest({
		signingSecret: secret,
		body: delivery.body.toString('utf8'),
		headers: {
			'x-slack-signature': String(delivery.headers['x-chatter-signature']),
			'x-slack-request-timestamp': Number(delivery.headers['x-chatter-request-timestamp']),
		},
	});

const chatter = (type: string, select: Record<string, string>): NodeCase => ({
	id: 'chatter',
	type,
	select,
	event: 'message',
	idFrom: 'eventId',
	removedOnClose: false,
	async connect(running, account, hookUrl) {
		const page = `${running.url}/_admin/chatter/accounts/${account.id}/webhook`;
		const added = await call('PUT', page, { url: hookUrl, events: ['message'] });
		const secret = added.body.secret as string;
		return {
			credentials: { signingSecret: secret },
			hooks: async () => [(await call('GET', page)).body],
			secret: async () => secret,
		};
	},
});

test('a generated node for an API profile file subscribes on deploy, verifies, dedupes, unsubscribes on close', async () => {
	const module = await generatedModule('forge.json');
	await exerciseNode(
		provider,
		module,
		{
			id: 'forge',
			type: 'forge in',
			select: {},
			event: 'push',
			idFrom: 'eventId',
			removedOnClose: true,
			async connect(running, account) {
				const baseUrl = running.persona('forge');
				const auth = { authorization: `token ${account.apiKey}`, 'x-forge-org': account.id };
				return {
					credentials: { apiKey: account.apiKey, org: account.id },
					baseUrl,
					hooks: async () => (await call('GET', `${baseUrl}/hooks`, undefined, auth)).body,
					secret: async () => {
						const node = helper.getNode('n1') as unknown as {
							context(): { get(key: string): { secret: string } };
						};
						return node.context().get('hookbridge_hook').secret;
					},
				};
			},
		},
		forgeOracle,
	);
});

test('a generated node for a manual profile file verifies with its credential', async () => {
	await exerciseNode(
		provider,
		await generatedModule('chatter.yaml'),
		chatter('chatter in', {}),
		chatterOracle,
	);
});

test('hookbridge in takes the same manual profile file by path', async () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const hookbridgeIn = require('../../node-red/hookbridge-in.js') as (RED: never) => void;
	await exerciseNode(
		provider,
		hookbridgeIn,
		chatter('hookbridge in', { provider: '', profileFile: join(folder, 'chatter.yaml') }),
		chatterOracle,
	);
});

test('hookbridge in refuses a profile file whose credentials it cannot hold, and says what to do', async () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const hookbridgeIn = require('../../node-red/hookbridge-in.js') as (RED: never) => void;
	const flow = [
		{
			id: 'n1',
			type: 'hookbridge in',
			provider: '',
			profileFile: join(folder, 'forge.json'),
			path: '/hooks/forge',
			publicUrl: 'http://127.0.0.1:9',
			wires: [[]],
		},
	];
	await helper.load(hookbridgeIn as never, flow, { n1: { apiKey: 'k' } });
	const node = helper.getNode('n1') as unknown as { error: { args: unknown[][] } };
	expect(node.error.args.map((a) => String(a[0]))).toEqual([
		expect.stringMatching(
			/Forge needs credential fields this node type does not hold \(org\): make a node for it with hookbridge generate node-red/,
		),
	]);
	await helper.unload();
});
