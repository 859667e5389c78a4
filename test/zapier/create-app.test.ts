import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { profiles, sampleDelivery, signsUrl, verifyDelivery } from '../../shared';
import { triggerKey } from '../../zapier/src/hook-triggers';
import { appFor, operation } from './app-fixture';

// createAppHandler is exported at run time but missing from core's .d.ts.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createAppHandler } = require('zapier-platform-core') as {
	createAppHandler: (app: object) => (event: object) => Promise<{ results: unknown[] }>;
};

// Profiles that sign the URL (Twilio) are refused: Zapier does not give perform that URL.
const zapierProfiles = Object.values(profiles)
	.filter((p) => !signsUrl(p))
	.map((p) => p.id);

test('createApp refuses a profile that signs the URL, saying what to use instead', () => {
	expect(() => appFor('twilio')).toThrow(
		/signs the URL it calls[\s\S]*listen --forward or the gateway/,
	);
});

describe.each(zapierProfiles)('createApp(%s)', (id) => {
	const profile = profiles[id];
	if (!profile) throw new Error('no profile');
	const app = appFor(id);

	test('passes the schema check `zapier-platform validate --without-style` runs', async () => {
		const { results } = await createAppHandler(app)({ command: 'validate', calledFromCli: true });
		expect(results).toEqual([]);
	});

	test('has a trigger with a sample and output fields for every catalogued event, plus Any Event', async () => {
		const handler = createAppHandler(app);
		for (const event of profile.events) {
			const op = operation(app, event.type);
			expect(op.sample).toMatchObject({ type: event.type, provider: id });
			// Output fields are a function core resolves when the editor asks, as Zapier does.
			const { results } = await handler({
				command: 'execute',
				method: `triggers.${triggerKey(event.type)}.operation.outputFields`,
				calledFromCli: true,
				bundle: { authData: {}, inputData: {} },
			});
			const keys = (results as { key: string }[]).map((f) => f.key);
			expect(keys).toEqual(expect.arrayContaining(['id', 'type', 'occurredAt']));
			expect(keys.length).toBeGreaterThan(10);
			// Every data field of the sample is listed, so the editor shows them all.
			for (const key of Object.keys(op.sample.data as object)) {
				expect(keys.some((k) => k === `data__${key}` || k.startsWith(`data__${key}__`))).toBe(true);
			}
		}
		expect(Object.keys(app.triggers).sort()).toEqual(
			[...profile.events.map((e) => triggerKey(e.type)), 'anyEvent'].sort(),
		);
	});

	test(
		profile.api
			? 'uses REST hooks (subscribe/unsubscribe)'
			: 'uses static hooks (the user pastes the Zap URL)',
		() => {
			for (const key of Object.keys(app.triggers)) {
				const op = operation(app, key);
				expect(typeof op.performSubscribe).toBe(profile.api ? 'function' : 'undefined');
				expect(typeof op.performUnsubscribe).toBe(profile.api ? 'function' : 'undefined');
			}
		},
	);

	test('each sample is what the normaliser makes of the provider sample', () => {
		for (const event of profile.events) {
			const expected = verifyDelivery(profile, sampleDelivery(profile, event), {
				skipVerification: true,
				now: Date.parse('2026-02-24T21:00:00Z'),
			});
			expect(operation(app, event.type).sample).toEqual(expected);
		}
	});
});

test('createApp and its helpers name no provider', () => {
	const dir = join(__dirname, '..', '..', 'zapier', 'src');
	const names = Object.values(profiles).flatMap((p) => [p.id, p.name]);
	for (const file of readdirSync(dir)) {
		const text = readFileSync(join(dir, file), 'utf8').toLowerCase();
		for (const name of names)
			expect(`${file}: ${text.includes(name.toLowerCase()) ? name : ''}`).toBe(`${file}: `);
	}
});
