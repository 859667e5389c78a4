import type { RunningProvider } from '../../provider/start-provider';
import { createAccount, emit } from '../provider/helpers/provider-fixture';
import { collect, helper, post, serveHttpNode, until, type Wire } from './node-harness';

/** The independent signature check of a delivery the node got: node:crypto or the provider's library. */
export type Oracle = (delivery: Wire, secret: string) => boolean;

export interface NodeCase {
	id: string;
	/** The node type and the flow properties that pick the profile. */
	type: string;
	select: Record<string, string>;
	event: string;
	idFrom: 'eventId' | 'deliveryId';
	/**
	 * Connects the account: manual mode through the dashboard (returns the credentials with the
	 * secret it shows); API mode returns the keys, and the node subscribes itself.
	 */
	connect(
		provider: RunningProvider,
		account: { id: string; apiKey: string },
		hookUrl: string,
	): Promise<{
		credentials: Record<string, string>;
		baseUrl?: string;
		hooks(): Promise<unknown[]>;
		secret(): Promise<string>;
	}>;
	removedOnClose: boolean;
}

/**
 * A `hookbridge in` style node in a flow, on the real runtime: deployed (API providers:
 * subscribed), a delivery the reference provider signs arrives as one message, the same bytes
 * again get 200 and no message, a tampered copy 401 and no message, a body over 1 MiB 413;
 * closed (API providers: the hook deleted).
 */
export async function exerciseNode(
	provider: RunningProvider,
	module: (RED: never) => void,
	nodeCase: NodeCase,
	oracle: Oracle,
): Promise<void> {
	const served = await serveHttpNode();
	const path = `/hooks/${nodeCase.id}`;
	const hookUrl = `${served.url}${path}`;
	try {
		const account = await createAccount(provider, nodeCase.id);
		const setup = await nodeCase.connect(provider, account, hookUrl);
		const flow = [
			{
				id: 'n1',
				type: nodeCase.type,
				...nodeCase.select,
				path,
				publicUrl: served.url,
				baseUrl: setup.baseUrl ?? '',
				events: nodeCase.event,
				ignoreDuplicates: true,
				wires: [['out']],
			},
			{ id: 'out', type: 'helper' },
		];
		await helper.load(served.serving(module), flow, { n1: setup.credentials });
		const messages = collect('out');
		await until(async () => (await setup.hooks()).length === 1, 'one hook at the provider');

		const sent = await emit(provider, nodeCase.id, account.id, nodeCase.event);
		await until(() => messages.length === 1, 'the first message');
		expect(messages[0]).toMatchObject({
			topic: nodeCase.event,
			payload: {
				id: nodeCase.idFrom === 'eventId' ? sent.eventId : sent.deliveries[0],
				type: nodeCase.event,
				provider: nodeCase.id,
				verified: true,
			},
		});
		const genuine = served.wire.find((w) => w.status === 200);
		if (!genuine) throw new Error('no delivery was answered 200');
		const secret = await setup.secret();
		const forged = Buffer.from(genuine.body);
		forged[forged.length >> 1] = (forged[forged.length >> 1] ?? 0) ^ 0x01;
		expect([oracle(genuine, secret), oracle({ ...genuine, body: forged }, secret)]).toEqual([
			true,
			false,
		]);

		expect(await post(hookUrl, genuine.headers, genuine.body)).toEqual({
			status: 200,
			body: { received: true, duplicate: true },
		});
		const refused = await post(hookUrl, genuine.headers, forged);
		expect(refused.status).toBe(401);
		expect(JSON.stringify(refused.body)).not.toContain(secret);
		expect((await post(hookUrl, genuine.headers, Buffer.alloc(1024 * 1024 + 1, 0x20))).status).toBe(
			413,
		);
		// A refusal turns the node's status red; the next genuine delivery (a repeat here) turns it
		// green again, so the status shows the latest verdict rather than the oldest failure.
		const node = helper.getNode('n1') as unknown as { status: { args: Array<[{ text: string }]> } };
		const lastStatus = () => node.status.args.at(-1)?.[0].text;
		expect(lastStatus()).toBe('payload_too_large');
		expect((await post(hookUrl, genuine.headers, genuine.body)).status).toBe(200);
		expect(lastStatus()).toBe(`verified ${nodeCase.event}`);
		await new Promise((r) => setTimeout(r, 100));
		expect(messages).toHaveLength(1);

		await helper.unload();
		await until(
			async () => (await setup.hooks()).length === (nodeCase.removedOnClose ? 0 : 1),
			nodeCase.removedOnClose ? 'the hook deleted' : 'the dashboard hook left as it is',
		);
		// Closed: the route is gone with the node.
		expect((await post(hookUrl, genuine.headers, genuine.body)).status).toBe(404);
	} finally {
		await helper.unload();
		await served.close();
	}
}
