import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { profiles } from '../../shared';
import { nodeRedPackage } from '../../cli/generate/node-red-package';
import { helper } from './node-harness';

// Besides `hookbridge in`, every built-in profile has a package of its own from `hookbridge
// generate node-red --provider <id>` (node type `<id> in`, the profile's own credential
// fields). Each loads on Node-RED's real runtime and starts: listening (manual mode), or, for
// an API provider whose API cannot be reached, reporting that it could not subscribe.
jest.setTimeout(60_000);
const folder = mkdtempSync(join(tmpdir(), 'hookbridge-node-red-built-in-'));

beforeAll(() => helper.startServer());
afterAll(() => helper.stopServer());
afterEach(() => helper.unload());

test.each(Object.keys(profiles))('%s in', async (id) => {
	const profile = profiles[id];
	if (!profile) throw new Error(id);
	const out = join(folder, id);
	for (const [path, content] of Object.entries(nodeRedPackage(profile, '0.0.0'))) {
		mkdirSync(dirname(join(out, path)), { recursive: true });
		writeFileSync(join(out, path), content);
	}
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const module = require(join(out, `${id}-in.js`)) as never;
	const flow = [
		{
			id: 'n1',
			type: `${id} in`,
			path: `/hooks/${id}`,
			publicUrl: 'http://127.0.0.1:9',
			// A closed loopback port: the subscribe call fails without leaving the machine.
			baseUrl: 'http://127.0.0.1:9/api',
			wires: [[]],
		},
	];
	const keys = Object.fromEntries(
		(profile.api?.credentials ?? []).map((f) => [f.key, 'k_test_0001']),
	);
	await helper.load(module, flow, {
		// A Standard Webhooks secret (whsec_ + base64) is also a usable key for every other scheme.
		n1: profile.api
			? keys
			: {
					signingSecret: `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`,
				},
	});
	const node = helper.getNode('n1') as unknown as { status: { args: Array<[{ text: string }]> } };
	const statuses = () => node.status.args.map((a) => a[0].text);
	const deadline = Date.now() + 20_000;
	while (profile.api && !statuses().includes('not subscribed') && Date.now() < deadline)
		await new Promise((r) => setTimeout(r, 25));
	const errors = (node as unknown as { error: { args: unknown[][] } }).error.args;
	if (profile.api)
		expect(errors.map((a) => String(a[0]))).toEqual([
			expect.stringMatching(/could not subscribe: Could not reach http:\/\/127.0.0.1:9/),
		]);
	expect(statuses()).toEqual(profile.api ? ['subscribing', 'not subscribed'] : ['listening']);
});
