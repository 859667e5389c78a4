import type { ManagementApi, Profile } from '@hookbridge/core';
import type { Webhook } from '../store/webhooks';
import { successAnswer } from './persona-answer';
import { writePath } from './write-path';

type Body = Record<string, unknown>;

/** A webhook as the profile's answers show it (its client paths, then the persona's): never its secret. */
export function webhookView(profile: Profile, webhook: Webhook): Body {
	const api = profile.api as ManagementApi;
	const more = profile.persona?.api?.item;
	const shown: Body = {};
	for (const [path, value] of Object.entries(more?.fixed ?? {})) writePath(shown, path, value);
	const paths: [string | undefined, unknown][] = [
		[api.responses.item.id, wireId(api, webhook.id)],
		[api.responses.item.url, webhook.url],
		[api.responses.item.events, webhook.events],
		[more?.description, webhook.description],
		[api.responses.item.active, webhook.active],
		[more?.lastTriggeredAt, webhook.lastTriggeredAt],
		[more?.lastResponseCode, webhook.lastResponseCode],
		[more?.failureCount, webhook.failureCount],
		[more?.createdAt, webhook.createdAt],
	];
	for (const [path, value] of paths) if (path) writePath(shown, path, value);
	return shown;
}

/**
 * The answer to a create or update: the webhook where the created id's path puts it
 * (`data.subscription._id` → under `data.subscription`), or the view with the id written in.
 */
export function webhookAnswer(profile: Profile, webhook: Webhook): Body {
	const api = profile.api as ManagementApi;
	const { createdId } = api.responses;
	const itemId = api.responses.item.id;
	const view = webhookView(profile, webhook);
	const answer: Body = {};
	if (createdId.endsWith(`.${itemId}`)) {
		writePath(answer, createdId.slice(0, -itemId.length - 1), view);
	} else {
		Object.assign(answer, view);
		writePath(answer, createdId, wireId(api, webhook.id));
	}
	return successAnswer(profile, answer);
}

/** An id as the wire carries it: integers for APIs with numeric ids. */
export function wireId(api: ManagementApi | undefined, id: string): string | number {
	return api?.numericIds ? Number(id) : id;
}
