import { profiles } from '../../shared';
import type { RunningProvider } from '../../provider/start-provider';
import { independentCheck } from '../helpers/independent-check';
import { call, startTestProvider } from '../provider/helpers/provider-fixture';
import { exerciseNode, type NodeCase } from './exercise-node';
import { collect, helper, post, serveHttpNode } from './node-harness';

// @hookbridge/node-red's `hookbridge in` node (the package's own module, node-red/hookbridge-in.js,
// loading the bundle `npm run build` writes) on Node-RED's real runtime, with deliveries from
// the running reference provider over loopback. Signatures are checked a second time with
// node:crypto (test/helpers/independent-check.ts).
jest.setTimeout(120_000);

// eslint-disable-next-line @typescript-eslint/no-require-imports
const hookbridgeIn = require('../../node-red/hookbridge-in.js') as (RED: never) => void;

let provider: RunningProvider;
beforeAll(async () => {
	provider = await startTestProvider();
	await helper.startServer();
});
afterAll(async () => {
	await helper.stopServer();
	await provider.close();
});

const manual = (id: string, event: string, chosen?: string): NodeCase => ({
	id,
	type: 'hookbridge in',
	select: { provider: id },
	event,
	idFrom: id === 'inboundflow' ? 'deliveryId' : 'eventId',
	removedOnClose: false,
	async connect(running, account, hookUrl) {
		const page = `${running.url}/_admin/${id}/accounts/${account.id}/webhook`;
		const added = await call('PUT', page, { url: hookUrl, events: [event], secret: chosen });
		if (added.status !== 200) throw new Error(`dashboard: ${added.status}`);
		const secret = (chosen ?? added.body.secret) as string;
		return {
			credentials: { signingSecret: secret },
			hooks: async () => [(await call('GET', page)).body],
			secret: async () => secret,
		};
	},
});

/** The hook's secret, as the provider's delivery log cannot show it: read from the node's context. */
const velaflows: NodeCase = {
	id: 'velaflows',
	type: 'hookbridge in',
	select: { provider: 'velaflows' },
	event: 'crm.lead.created',
	idFrom: 'eventId',
	removedOnClose: true,
	async connect(running, account) {
		const baseUrl = running.persona('velaflows');
		const auth = { authorization: `Bearer ${account.apiKey}`, 'x-workspace-id': account.id };
		return {
			credentials: { apiKey: account.apiKey, workspaceId: account.id },
			baseUrl,
			hooks: async () =>
				(await call('GET', `${baseUrl}/integrations/webhooks`, undefined, auth)).body.data
					.subscriptions,
			secret: async () => nodeHookSecret(),
		};
	},
};

function nodeHookSecret(): string {
	const node = helper.getNode('n1') as unknown as {
		context(): { get(key: string): { secret: string } };
	};
	return node.context().get('hookbridge_hook').secret;
}

describe.each([
	manual('flowella', 'message.received'),
	manual('inboundflow', 'lead.created', 'a_secret_the_user_chose_1234'),
	velaflows,
])('hookbridge in ($id) on the Node-RED runtime', (nodeCase) => {
	test('signed accepted once, repeat 200 and no message, forgery 401, too large 413, closed', async () => {
		await exerciseNode(provider, hookbridgeIn, nodeCase, (delivery, secret) =>
			independentCheck(nodeCase.id, delivery.headers, delivery.body, secret),
		);
	});
});

test('the node offers every built-in profile, and its editor file lists them all', async () => {
	const { readFileSync } = await import('node:fs');
	const html = readFileSync(require.resolve('../../node-red/hookbridge-in.html'), 'utf8');
	const data = /registerHookbridgeNode\((.*)\);\n<\/script>/.exec(html)?.[1] ?? '{}';
	const offered = (JSON.parse(data) as { profiles: Array<{ id: string }> }).profiles.map(
		(p) => p.id,
	);
	expect(offered.sort()).toEqual(Object.keys(profiles).sort());
});

test('a body parsed before the node is refused with 500 raw_body_unavailable, not guessed at', async () => {
	const served = await serveHttpNode(true);
	try {
		const flow = [
			{
				id: 'n1',
				type: 'hookbridge in',
				provider: 'flowella',
				path: '/hooks/parsed',
				wires: [['out']],
			},
			{ id: 'out', type: 'helper' },
		];
		await helper.load(served.serving(hookbridgeIn), flow, {
			n1: { signingSecret: 'fl_whsec_0123456789abcdef' },
		});
		const messages = collect('out');
		const answer = await post(
			`${served.url}/hooks/parsed`,
			{ 'content-type': 'application/json' },
			'{"a":1}',
		);
		expect(answer).toEqual({ status: 500, body: { error: { code: 'raw_body_unavailable' } } });
		expect(messages).toEqual([]);
	} finally {
		await helper.unload();
		await served.close();
	}
});
