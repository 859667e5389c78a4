import type { RunningProvider } from '../../provider/start-provider';
import { createAccount, emit } from '../provider/helpers/provider-fixture';
import { flowWebhook, mapStore, tampered, type Hook, type Payload } from './piece-harness';
import { type PieceCase, triggerOf } from './piece-cases';

/** The independent signature check of a delivery: node:crypto or the provider's own library. */
export type Oracle = (delivery: Payload, secret: string) => boolean;

/**
 * One piece through a flow's life against the running reference provider: enable (twice: one
 * hook), a delivery signed there runs once with the event, the same delivery again, a tampered
 * one and one without its raw body run nothing, disable (twice: gone is fine). What the trigger
 * logs while refusing never holds the secret.
 */
export async function exercisePiece(
	provider: RunningProvider,
	piece: { triggers(): Record<string, unknown> },
	{ id, type, api, removedOnDisable, idFrom }: PieceCase,
	oracle: Oracle,
): Promise<void> {
	const trigger = triggerOf(piece);
	const account = await createAccount(provider, id);
	const store = mapStore();
	let context: Record<string, unknown> = {};
	const hook: Hook = await flowWebhook((payload) => trigger.run({ ...context, payload } as never));
	const warnings = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
	try {
		const setup = await api.connect(provider, account, hook.url);
		context = {
			auth: { type: 'CUSTOM_AUTH', props: setup.props },
			propsValue: { events: [type], ignoreDuplicates: true },
			store,
			webhookUrl: hook.url,
			flows: { current: { id: 'flow0001', version: { id: 'v1' } } },
		};
		await trigger.onEnable(context as never);
		await trigger.onEnable(context as never);
		expect(await setup.hooks()).toHaveLength(1);

		const sent = await emit(provider, id, account.id, type);
		await hook.waitFor(1);
		expect(hook.outputs[0]).toEqual([
			expect.objectContaining({
				id: idFrom === 'eventId' ? sent.eventId : sent.deliveries[0],
				type,
				provider: id,
				verified: true,
			}),
		]);
		const secret = await setup.secret(store);
		const genuine = hook.payloads[0] as Payload;
		expect([oracle(genuine, secret), oracle(tampered(genuine), secret)]).toEqual([true, false]);

		expect(await hook.run(genuine)).toEqual([]); // the provider's retry: no second run
		expect(await hook.run(tampered(genuine))).toEqual([]);
		expect(await hook.run({ ...genuine, rawBody: undefined as never })).toEqual([]);
		const logged = warnings.mock.calls.map((args) => args.join(' '));
		expect(logged).toEqual([
			expect.stringMatching(/refused \(signature_mismatch: /),
			expect.stringMatching(/refused \(no raw body/),
		]);
		expect(logged.join('\n')).not.toContain(secret);

		await trigger.onDisable(context as never);
		expect(await setup.hooks()).toHaveLength(removedOnDisable ? 0 : 1);
		await trigger.onDisable(context as never);
	} finally {
		warnings.mockRestore();
		await hook.close();
	}
}
