import type { Profile } from '../providers/profile';
import { listAllSubscriptions } from './list-subscriptions';
import { parseSubscribeResponse, subscribeRequest } from './subscribe';
import type { Credentials, RequestDescription, ResponseDescription } from './types';
import { parseUnsubscribeResponse, unsubscribeRequest } from './unsubscribe';

/** Executes a request description with a platform's own HTTP client. */
export type ExecuteRequest = (request: RequestDescription) => Promise<ResponseDescription>;

/** What a platform keeps for the hook it registered: the id to delete and the secret to verify. */
export interface HookRecord {
	id: string;
	secret: string;
	url: string;
	events: string[];
}

export interface WantedHook {
	url: string;
	events: readonly string[];
	description: string;
}

/**
 * Makes sure the provider has one live hook for `wanted` and returns the record to keep. The
 * kept record is reused while its hook is still there, active, for the same URL and events,
 * so enabling twice subscribes once; otherwise every hook for that URL is deleted and one is
 * created, since no provider shows an existing hook's secret again.
 */
export async function ensureSubscription(
	profile: Profile,
	credentials: Credentials,
	execute: ExecuteRequest,
	wanted: WantedHook,
	kept: HookRecord | null | undefined,
): Promise<HookRecord> {
	const events = [...wanted.events].sort();
	const live = await listAllSubscriptions(profile, credentials, execute);
	const current = kept ? live.find((hook) => hook.id === kept.id) : undefined;
	if (
		kept &&
		current?.active &&
		current.url === wanted.url &&
		[...current.events].sort().join() === events.join()
	) {
		return kept;
	}
	for (const stale of live.filter((hook) => hook.url === wanted.url || hook.id === kept?.id)) {
		await removeSubscription(profile, credentials, execute, stale.id);
	}
	const { request, secret } = subscribeRequest(profile, credentials, {
		url: wanted.url,
		events,
		description: wanted.description,
	});
	const created = parseSubscribeResponse(profile, await execute(request), secret);
	return { id: created.id, secret: created.secret, url: wanted.url, events };
}

/** Deletes a hook; one the provider no longer has counts as deleted. */
export async function removeSubscription(
	profile: Profile,
	credentials: Credentials,
	execute: ExecuteRequest,
	id: string,
): Promise<void> {
	parseUnsubscribeResponse(profile, await execute(unsubscribeRequest(profile, credentials, id)));
}
