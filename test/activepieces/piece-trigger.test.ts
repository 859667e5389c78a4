import { TriggerStrategy } from '@activepieces/pieces-framework';
import { builtInPieces } from '../../activepieces/src/built-in-pieces';
import { profiles } from '../../shared';
import type { RunningProvider } from '../../provider/start-provider';
import { independentCheck } from '../helpers/independent-check';
import { startTestProvider } from '../provider/helpers/provider-fixture';
import { exercisePiece } from './exercise-piece';
import { pieceCases, triggerOf } from './piece-cases';

// The pieces' real `createTrigger` objects from @activepieces/pieces-framework, driven as the
// Activepieces engine drives them, against the running reference provider over loopback HTTP.
// The Activepieces server is not run (it needs Docker and Postgres): piece-harness.ts stands in
// for its webhook endpoint and store. Deliveries are checked a second time with node:crypto.
jest.setTimeout(60_000);

let provider: RunningProvider;
beforeAll(async () => {
	provider = await startTestProvider();
});
afterAll(async () => {
	await provider.close();
});

describe('a piece for every built-in profile', () => {
	test.each(Object.keys(profiles))('%s: one WEBHOOK trigger with catalog samples', (id) => {
		const piece = builtInPieces()[id];
		const trigger = Object.values(piece?.triggers() ?? {});
		expect(trigger).toHaveLength(1);
		expect(trigger[0]?.type).toBe(TriggerStrategy.WEBHOOK);
		expect(piece?.minimumSupportedRelease).toBe('0.82.0');
		expect(trigger[0]?.sampleData).toMatchObject({ provider: id, verified: false });
	});
});

describe.each(pieceCases)('$id piece ⇄ reference provider', (pieceCase) => {
	test('enable, a signed delivery runs once, forgeries and repeats run nothing, disable', async () => {
		const piece = builtInPieces()[pieceCase.id];
		if (!piece) throw new Error(pieceCase.id);
		await exercisePiece(provider, piece, pieceCase, (delivery, secret) =>
			independentCheck(pieceCase.id, delivery.headers, Buffer.from(delivery.rawBody), secret),
		);
	});
});

test('test() returns the chosen events as catalog samples, through the normaliser', async () => {
	const trigger = triggerOf(builtInPieces().velaflows);
	const picked = ['crm.lead.created', 'inbox.message.received'];
	const samples = (await trigger.test({ propsValue: { events: picked } } as never)) as Array<{
		type: string;
		verified: boolean;
		provider: string;
	}>;
	expect(samples.map((s) => [s.provider, s.type, s.verified])).toEqual(
		picked.map((type) => ['velaflows', type, false]),
	);
	const data = await trigger.test({ propsValue: { events: picked, dataOnly: true } } as never);
	expect(data).toEqual(samples.map((s) => (s as unknown as { data: unknown }).data));
});

test('a manual-mode connection with an unusable secret is refused on save and on enable', async () => {
	const piece = builtInPieces()['standard-webhooks'];
	const auth = piece?.auth as unknown as {
		validate: (p: { auth: unknown }) => Promise<{ valid: boolean; error?: string }>;
	};
	const bad = { signingSecret: 'whsec_not base64!' };
	const verdict = await auth.validate({ auth: bad });
	expect(verdict.valid).toBe(false);
	expect(verdict.error).toMatch(/^invalid_secret: signingSecret/);
	expect(verdict.error).not.toContain('not base64!');
	const trigger = triggerOf(piece);
	await expect(
		trigger.onEnable({ auth: { type: 'CUSTOM_AUTH', props: bad } } as never),
	).rejects.toThrow(/invalid_secret/);
});
