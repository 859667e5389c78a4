import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isValidSlackRequest } from '@slack/bolt';
import { loadProfile } from '../../shared';
import type { RunningProvider } from '../../provider/start-provider';
import { hookbridge } from '../cli/helpers/cli-process';
import { CHATTER_YAML, FORGE } from '../helpers/profile-fixtures';
import { call, startTestProvider } from '../provider/helpers/provider-fixture';
import { exercisePiece } from './exercise-piece';
import { dashboard, storedSecret } from './piece-cases';
import { parse } from 'yaml';

// `hookbridge generate activepieces` for two profile files written to a temporary folder (a
// GitHub-style API provider and a Slack-style manual one). The generated package is loaded as
// Activepieces loads a piece (its main module, the framework from its node_modules) and put
// through the same flow as the built-in pieces, against the reference provider impersonating
// both files. The Activepieces server is not run (Docker and Postgres): see piece-harness.ts.
// Oracles: node:crypto for Forge's `sha256=` HMAC, @slack/bolt's verifier for Chatter.
jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '..', '..');
const folder = mkdtempSync(join(tmpdir(), 'hookbridge-piece-'));
writeFileSync(join(folder, 'forge.json'), JSON.stringify(FORGE));
writeFileSync(join(folder, 'chatter.yaml'), CHATTER_YAML);

let provider: RunningProvider;
beforeAll(async () => {
	provider = await startTestProvider({
		profiles: [loadProfile(FORGE), loadProfile(parse(CHATTER_YAML))],
	});
});
afterAll(async () => {
	await provider.close();
});

async function generatedPiece(file: string, exportName: string) {
	const out = join(folder, `piece-${file.replace(/\W/g, '_')}`);
	const run = await hookbridge([
		'generate',
		'activepieces',
		'--profile',
		join(folder, file),
		'--out',
		out,
	]);
	expect(run.stderr).toMatch(/^wrote 6 files/);
	expect(run.code).toBe(0);
	// What `npm install` gives the package: the framework, linked from this repository's copy.
	mkdirSync(join(out, 'node_modules', '@activepieces'), { recursive: true });
	symlinkSync(
		join(ROOT, 'node_modules', '@activepieces', 'pieces-framework'),
		join(out, 'node_modules', '@activepieces', 'pieces-framework'),
		'dir',
	);
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const pkg = require(join(out, 'package.json')) as { main: string; dependencies: object };
	expect(pkg.dependencies).toEqual({ '@activepieces/pieces-framework': '0.32.0' });
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const module = require(join(out, pkg.main)) as Record<
		string,
		{ triggers(): Record<string, unknown> }
	>;
	const piece = module[exportName];
	if (!piece) throw new Error(`${pkg.main} exports no ${exportName}`);
	return piece;
}

test('a generated piece for an API profile file subscribes, verifies, dedupes and unsubscribes', async () => {
	const piece = await generatedPiece('forge.json', 'forge');
	await exercisePiece(
		provider,
		piece,
		{
			id: 'forge',
			type: 'push',
			idFrom: 'eventId',
			removedOnDisable: true,
			api: {
				async connect(running, account) {
					const baseUrl = running.persona('forge');
					const auth = { authorization: `token ${account.apiKey}`, 'x-forge-org': account.id };
					return {
						props: { apiKey: account.apiKey, org: account.id, baseUrl },
						hooks: async () => (await call('GET', `${baseUrl}/hooks`, undefined, auth)).body,
						secret: storedSecret,
					};
				},
			},
		},
		(delivery, secret) =>
			delivery.headers['x-forge-signature-256'] ===
			`sha256=${createHmac('sha256', secret).update(delivery.rawBody).digest('hex')}`,
	);
});

test('a generated piece for a manual profile file verifies with the connection secret', async () => {
	const piece = await generatedPiece('chatter.yaml', 'chatter');
	await exercisePiece(
		provider,
		piece,
		{
			id: 'chatter',
			type: 'message',
			idFrom: 'eventId',
			removedOnDisable: false,
			api: dashboard('chatter', ['message']),
		},
		// Chatter signs as Slack does: Slack's own verifier is the judge.
		(delivery, secret) =>
			isValidSlackRequest({
				signingSecret: secret,
				body: delivery.rawBody,
				headers: {
					'x-slack-signature': delivery.headers['x-chatter-signature'] ?? '',
					'x-slack-request-timestamp': Number(delivery.headers['x-chatter-request-timestamp']),
				},
			}),
	);
});
