import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import {
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	symlinkSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isValidSlackRequest } from '@slack/bolt';
import twilioSdk from 'twilio';
import type { INodeType, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { appOnDisk, loadAppValidator } from '../../make/src/validate-app';
import { hookbridge } from './helpers/cli-process';
import { CHATTER_YAML, FORGE } from '../helpers/profile-fixtures';
import { stubContext } from '../n8n/stub-context';
import { appTester, hookBundle } from '../zapier/app-fixture';

// `hookbridge generate` for two profile files that are not in the repository: a GitHub-style
// API provider (JSON) and a Slack-style manual one (YAML). The generated Zapier app and n8n
// node run here as their platforms run them (zapier-platform-core's app handler and tester;
// the node class with an n8n-shaped context, as test/n8n does): Zapier's and n8n's clouds are
// not run. Deliveries are signed by @octokit/webhooks-methods (GitHub's scheme) and by
// node:crypto checked with @slack/bolt's own verifier (Slack's scheme).
jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '..', '..');
const folder = mkdtempSync(join(tmpdir(), 'hookbridge-generate-'));

writeFileSync(join(folder, 'forge.json'), JSON.stringify(FORGE));
writeFileSync(join(folder, 'chatter.yaml'), CHATTER_YAML);

async function generate(platform: string, file: string): Promise<string> {
	const out = join(folder, `${platform}-${file.replace(/\W/g, '_')}`);
	const run = await hookbridge([
		'generate',
		platform,
		'--profile',
		join(folder, file),
		'--out',
		out,
		...(platform === 'n8n' ? ['--author', 'Forge Team <team@forge.example>'] : []),
	]);
	expect(run.stderr).toMatch(/^wrote \d+ files/);
	expect(run.code).toBe(0);
	return out;
}

/** The platform library a project gets from npm install, linked from this repository's copy. */
function linkDependency(project: string, name: string): void {
	mkdirSync(join(project, 'node_modules'), { recursive: true });
	symlinkSync(join(ROOT, 'node_modules', name), join(project, 'node_modules', name), 'dir');
}

function octokitSign(secret: string, payload: string): string {
	const script = `import { sign } from '@octokit/webhooks-methods';
process.stdout.write(await sign(${JSON.stringify(secret)}, ${JSON.stringify(payload)}));`;
	return execFileSync(process.execPath, ['--input-type=module', '-e', script], {
		cwd: ROOT,
		encoding: 'utf8',
	});
}

describe('generate zapier', () => {
	test('the app validates, and perform accepts an octokit-signed delivery and refuses a forgery', async () => {
		const out = await generate('zapier', 'forge.json');
		linkDependency(out, 'zapier-platform-core');
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const app = require(join(out, 'index.js')) as {
			triggers: Record<string, { operation: { perform: unknown } }>;
		};
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const core = require(join(out, 'node_modules', 'zapier-platform-core')) as {
			createAppHandler: (app: object) => (event: object) => Promise<{ results: unknown[] }>;
		};
		const validation = await core.createAppHandler(app)({
			command: 'validate',
			calledFromCli: true,
		});
		expect(validation.results).toEqual([]);
		expect(Object.keys(app.triggers).sort()).toEqual(['anyEvent', 'push']);
		const tester = appTester(app as never);
		const secret = 'forge hook secret';
		const content = JSON.stringify({ ref: 'refs/heads/main', commits: [{ id: 'c1' }] });
		const headers = {
			'x-forge-delivery': 'd-1',
			'x-forge-event': 'push',
			'x-forge-signature-256': octokitSign(secret, content),
		};
		const perform = app.triggers.push?.operation.perform;
		const [event] = (await tester(perform, hookBundle({ content, headers, secret }))) as Array<
			Record<string, unknown>
		>;
		expect(event).toMatchObject({ id: 'd-1', type: 'push', provider: 'forge', verified: true });
		const forged = {
			...headers,
			'x-forge-delivery': 'd-2',
			'x-forge-signature-256': octokitSign('guess', content),
		};
		await expect(tester(perform, hookBundle({ content, headers: forged, secret }))).rejects.toThrow(
			/signature_mismatch/,
		);
	});
});

describe('generate n8n', () => {
	test('n8n-nodes-chatter: the node accepts a Slack-scheme delivery that bolt verifies, refuses a forgery', async () => {
		const out = await generate('n8n', 'chatter.yaml');
		const pkg = JSON.parse(readFileSync(join(out, 'package.json'), 'utf8')) as {
			name: string;
			n8n: { nodes: string[]; credentials: string[] };
		};
		expect(pkg).toMatchObject({
			name: 'n8n-nodes-chatter',
			author: { name: 'Forge Team', email: 'team@forge.example' },
			homepage: 'https://chatter.example/docs/events',
		});
		expect(pkg.n8n.nodes).toEqual(['dist/nodes/ChatterTrigger/ChatterTrigger.node.js']);
		linkDependency(out, 'n8n-workflow');
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { ChatterTrigger } = require(join(out, pkg.n8n.nodes[0] ?? '')) as {
			ChatterTrigger: new () => INodeType;
		};
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { ChatterApi } = require(join(out, pkg.n8n.credentials[0] ?? '')) as {
			ChatterApi: new () => { name: string };
		};
		expect(new ChatterApi().name).toBe('chatterApi');
		const node = new ChatterTrigger();
		expect(JSON.stringify(node.description.properties)).toContain('App settings → Events');
		const secret = 'chatter signing secret';
		const body = JSON.stringify({
			team_id: 'T9',
			event_id: 'Ev9',
			event: { type: 'message', text: 'hi', user: 'U9' },
		});
		const ts = Math.floor(Date.now() / 1000);
		const sign = (key: string) =>
			`v0=${createHmac('sha256', key).update(`v0:${ts}:${body}`).digest('hex')}`;
		const headers = {
			'x-chatter-signature': sign(secret),
			'x-chatter-request-timestamp': String(ts),
		};
		// Chatter signs as Slack does: Slack's own verifier accepts the same signature.
		expect(
			isValidSlackRequest({
				signingSecret: secret,
				body,
				headers: { 'x-slack-signature': sign(secret), 'x-slack-request-timestamp': ts },
			}),
		).toBe(true);
		const call = async (h: Record<string, string>) => {
			const context = stubContext({
				parameters: { options: {}, events: [] },
				credentials: { signingSecret: secret },
				request: { headers: h, rawBody: Buffer.from(body) },
			});
			const result = (await node.webhook?.call(
				context as unknown as IWebhookFunctions,
			)) as IWebhookResponseData;
			return { result, response: context.response };
		};
		const accepted = await call(headers);
		expect(accepted.result.workflowData?.[0]?.[0]?.json).toMatchObject({
			id: 'Ev9',
			type: 'message',
			accountId: 'T9',
			verified: true,
		});
		const forged = await call({ ...headers, 'x-chatter-signature': sign('guess') });
		expect(forged.result.workflowData).toBeUndefined();
		expect(forged.response.status).toBe(401);
	});
});

describe('profiles that sign the URL (Twilio)', () => {
	test('generate n8n: the node verifies over its webhook URL and the query, as twilio signs', async () => {
		const out = join(folder, 'n8n-twilio');
		const run = await hookbridge([
			...['generate', 'n8n', '--provider', 'twilio', '--out', out],
			...['--author', 'Forge Team <team@forge.example>'],
		]);
		expect(run.code).toBe(0);
		linkDependency(out, 'n8n-workflow');
		const file = join(out, 'dist/nodes/TwilioTrigger/TwilioTrigger.node.js');
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { TwilioTrigger } = require(file) as { TwilioTrigger: new () => INodeType };
		const node = new TwilioTrigger();
		const webhookUrl = 'https://n8n.example.com/webhook/abc/webhook';
		const params = { MessageSid: 'SM1', AccountSid: 'AC1', SmsStatus: 'received', Body: 'hi' };
		const token = 'twilio auth token';
		const call = async (signature: string) => {
			const context = stubContext({
				webhookUrl,
				parameters: { options: {}, events: [] },
				credentials: { signingSecret: token },
				request: {
					headers: {
						'x-twilio-signature': signature,
						'content-type': 'application/x-www-form-urlencoded',
					},
					rawBody: Buffer.from(new URLSearchParams(params).toString()),
				},
			});
			Object.assign(context.getRequestObject(), { url: '/webhook/abc/webhook?store=7' });
			return (await node.webhook?.call(
				context as unknown as IWebhookFunctions,
			)) as IWebhookResponseData;
		};
		const signed = twilioSdk.getExpectedTwilioSignature(token, `${webhookUrl}?store=7`, params);
		expect((await call(signed)).workflowData?.[0]?.[0]?.json).toMatchObject({ type: 'received' });
		const otherUrl = twilioSdk.getExpectedTwilioSignature(token, webhookUrl, params);
		expect((await call(otherUrl)).workflowData).toBeUndefined();
	});

	test('generate zapier refuses it: Zapier does not give the app the URL', async () => {
		const run = await hookbridge([
			'generate',
			'zapier',
			'--provider',
			'twilio',
			'--out',
			join(folder, 'z-twilio'),
		]);
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(/signs the URL it calls/);
	});
});

describe('generate make', () => {
	test.each(['forge.json', 'chatter.yaml'])("%s: the app passes Make's schemas", async (file) => {
		const out = await generate('make', file);
		const validator = await loadAppValidator();
		const report = validator.validate(appOnDisk(join(out, 'app')));
		expect(report.errors).toEqual([]);
		expect(readdirSync(join(out, 'kit'))).toContain('README.md');
		// The READMEs' commands name the profile the way it was given: the file, not an id that
		// `hookbridge listen --provider` would not know.
		const readmes = ['app', 'kit'].map((part) =>
			readFileSync(join(out, part, 'README.md'), 'utf8'),
		);
		for (const text of readmes) {
			expect(text).toContain(`hookbridge listen --profile ${file}`);
			expect(text).not.toContain('--provider');
		}
		expect(readmes[0]).toContain(`run hookbridge generate make --profile ${file} --out <dir>`);
	});
});

test('an unknown platform, a non-empty --out and n8n without --author are usage errors', async () => {
	const empty = join(folder, 'no-author');
	const noAuthor = await hookbridge(['generate', 'n8n', '--provider', 'slack', '--out', empty]);
	expect(noAuthor.code).toBe(2);
	expect(noAuthor.stderr).toMatch(/--author "Name <email>"/);
	expect(
		(await hookbridge(['generate', 'ifttt', '--provider', 'github', '--out', folder])).code,
	).toBe(2);
	const busy = await hookbridge(['generate', 'make', '--provider', 'github', '--out', folder]);
	expect(busy.code).toBe(2);
	expect(busy.stderr).toMatch(/not empty/);
});
