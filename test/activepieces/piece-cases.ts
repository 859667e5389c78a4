import type { RunningProvider } from '../../provider/start-provider';
import { call } from '../provider/helpers/provider-fixture';
import type { MapStore } from './piece-harness';

// How each built-in provider's piece is connected in these tests: API providers by their keys
// (the trigger subscribes itself), manual ones through the reference provider's dashboard, which
// shows the signing secret the connection then holds.

export interface Connected {
	props: Record<string, unknown>;
	/** The provider's hooks for this account, as its own API or dashboard lists them. */
	hooks(): Promise<unknown[]>;
	/** The secret deliveries are signed with, for the independent check. */
	secret(store: MapStore): Promise<string>;
}

export interface PieceCase {
	id: string;
	type: string;
	/** What the event id is: the provider's event id, or (InboundFlow) the delivery's id. */
	idFrom: 'eventId' | 'deliveryId';
	/** Whether onDisable deletes the hook (API providers) or leaves it to the user. */
	removedOnDisable: boolean;
	api: {
		connect(
			provider: RunningProvider,
			account: { id: string; apiKey: string },
			webhookUrl: string,
		): Promise<Connected>;
	};
}

export const storedSecret = async (store: MapStore) =>
	((await store.get<{ secret: string }>('hookbridge_hook'))?.secret ?? '') as string;

/**
 * A manual-mode provider: the dashboard's Add webhook, for the flow's URL. Disabling the flow
 * cannot remove it (there is no API): the user does, so it is still listed afterwards.
 */
export const dashboard = (
	provider: string,
	events: string[],
	chosen?: string,
): PieceCase['api'] => ({
	async connect(running, account, webhookUrl) {
		const page = `${running.url}/_admin/${provider}/accounts/${account.id}/webhook`;
		const added = await call('PUT', page, { url: webhookUrl, events, secret: chosen });
		if (added.status !== 200) throw new Error(`dashboard: ${added.status}`);
		// Flowella generates the secret and shows it once; InboundFlow takes the user's own.
		const secret = (chosen ?? added.body.secret) as string;
		return {
			props: { signingSecret: secret },
			hooks: async () => [(await call('GET', page)).body],
			secret: async () => secret,
		};
	},
});

export const pieceCases: PieceCase[] = [
	{
		id: 'velaflows',
		type: 'crm.lead.created',
		idFrom: 'eventId',
		removedOnDisable: true,
		api: {
			async connect(running, account) {
				const baseUrl = running.persona('velaflows');
				const auth = { authorization: `Bearer ${account.apiKey}`, 'x-workspace-id': account.id };
				return {
					props: { apiKey: account.apiKey, workspaceId: account.id, baseUrl },
					hooks: async () =>
						(await call('GET', `${baseUrl}/integrations/webhooks`, undefined, auth)).body.data
							.subscriptions,
					secret: storedSecret,
				};
			},
		},
	},
	{
		id: 'vellocity',
		type: 'cosell.created',
		idFrom: 'eventId',
		removedOnDisable: true,
		api: {
			async connect(running, account) {
				const baseUrl = running.persona('vellocity');
				const auth = { authorization: `Bearer ${account.apiKey}` };
				return {
					props: { apiKey: account.apiKey, baseUrl },
					hooks: async () =>
						(await call('GET', `${baseUrl}/partners/webhooks`, undefined, auth)).body.data,
					secret: storedSecret,
				};
			},
		},
	},
	{
		id: 'flowella',
		type: 'message.received',
		idFrom: 'eventId',
		removedOnDisable: false,
		api: dashboard('flowella', ['message.received']),
	},
	{
		id: 'inboundflow',
		type: 'lead.created',
		idFrom: 'deliveryId',
		removedOnDisable: false,
		api: dashboard('inboundflow', ['lead.created'], 'a_secret_the_user_chose_1234'),
	},
];

/** The one trigger of a piece. */
export function triggerOf(piece: { triggers(): Record<string, unknown> } | undefined) {
	const trigger = Object.values(piece?.triggers() ?? {})[0];
	if (!trigger) throw new Error('the piece has no trigger');
	return trigger as {
		onEnable(context: never): Promise<void>;
		onDisable(context: never): Promise<void>;
		run(context: never): Promise<unknown[]>;
		test(context: never): Promise<unknown[]>;
	};
}
