import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { SubscriptionError } from '../../shared/errors/subscription-error';
import type { Profile } from '../../shared/providers/profile';
import { listAllSubscriptions } from '../../shared/subscriptions/list-subscriptions';
import { parseSubscribeResponse, subscribeRequest } from '../../shared/subscriptions/subscribe';
import type { Credentials, Subscription } from '../../shared/subscriptions/types';
import {
	parseUnsubscribeResponse,
	unsubscribeRequest,
} from '../../shared/subscriptions/unsubscribe';
import { n8nRequest } from './n8n-request';

/** What the node keeps per webhook URL (production and test URLs never share an entry). */
export interface HookRecord extends IDataObject {
	webhookId: string;
	webhookSecret: string;
	webhookEvents: string[];
}

/** Static data: `hooks[webhookUrl]`, so "Listen for test event" never touches the production hook. */
export function hookRecords(context: {
	getWorkflowStaticData(type: string): IDataObject;
}): Record<string, HookRecord> {
	const data = context.getWorkflowStaticData('node');
	return (data.hooks ??= {}) as Record<string, HookRecord>;
}

/**
 * webhookMethods.default for API providers: n8n calls checkExists, then create when it
 * returned false; delete on deactivation and when a test listen ends.
 */
export function webhookLifecycle(profile: Profile, credentialType: string) {
	const authHeaders = Object.keys(profile.api?.headers ?? {}).map((h) => h.toLowerCase());
	const call = (ctx: IHookFunctions, request: Parameters<typeof n8nRequest>[2]) =>
		n8nRequest(ctx, credentialType, request, authHeaders);
	const credentials = async (ctx: IHookFunctions) =>
		(await ctx.getCredentials(credentialType)) as unknown as Credentials;
	const wanted = (ctx: IHookFunctions) =>
		[...((ctx.getNodeParameter('events', []) as string[]) ?? [])].sort();
	const fail = (ctx: IHookFunctions, error: unknown): never => {
		if (error instanceof SubscriptionError) {
			throw new NodeApiError(
				ctx.getNode(),
				{ message: error.message, code: error.code },
				{ message: error.message, httpCode: String(error.status || '') },
			);
		}
		throw error;
	};

	const listAll = (ctx: IHookFunctions, creds: Credentials): Promise<Subscription[]> =>
		listAllSubscriptions(profile, creds, (request) => call(ctx, request));
	const remove = async (ctx: IHookFunctions, creds: Credentials, id: string) =>
		parseUnsubscribeResponse(profile, await call(ctx, unsubscribeRequest(profile, creds, id)));

	return {
		async checkExists(this: IHookFunctions): Promise<boolean> {
			const url = this.getNodeWebhookUrl('default') ?? '';
			const records = hookRecords(this);
			const record = records[url];
			if (!record) return false;
			try {
				const creds = await credentials(this);
				const live = (await listAll(this, creds)).find((s) => s.id === record.webhookId);
				const events = wanted(this);
				if (
					live &&
					live.url === url &&
					live.active &&
					[...live.events].sort().join() === events.join()
				)
					return true;
				// Gone, disabled, pointed elsewhere or for other events: replace it.
				if (live) await remove(this, creds, live.id);
				delete records[url];
				return false;
			} catch (error) {
				return fail(this, error);
			}
		},

		async create(this: IHookFunctions): Promise<boolean> {
			const url = this.getNodeWebhookUrl('default') ?? '';
			try {
				const creds = await credentials(this);
				// A hook left for this same URL (lost static data, a crash mid-activation) is
				// replaced: neither provider shows an existing hook's secret again.
				for (const stale of (await listAll(this, creds)).filter((s) => s.url === url))
					await remove(this, creds, stale.id);
				const events = wanted(this);
				const { request, secret } = subscribeRequest(profile, creds, {
					url,
					events,
					description: `n8n: ${this.getWorkflow().name ?? 'workflow'}`,
				});
				const created = parseSubscribeResponse(profile, await call(this, request), secret);
				hookRecords(this)[url] = {
					webhookId: created.id,
					webhookSecret: created.secret,
					webhookEvents: events,
				};
				return true;
			} catch (error) {
				return fail(this, error);
			}
		},

		async delete(this: IHookFunctions): Promise<boolean> {
			const url = this.getNodeWebhookUrl('default') ?? '';
			const records = hookRecords(this);
			const record = records[url];
			if (!record) return true;
			try {
				await remove(this, await credentials(this), record.webhookId); // 404 counts as deleted
				delete records[url];
				return true;
			} catch (error) {
				return fail(this, error);
			}
		},
	};
}
