import type { ManagementApi, Profile } from '@hookbridge/core';
import type { Webhook } from '../store/webhooks';
import { wireId } from './wire-id';
import { writePath } from './write-path';

type Body = Record<string, unknown>;

/** A webhook as the profile's answers show it (its client paths, then the persona's): never its secret. */
export function webhookView(profile: Profile, webhook: Webhook): Body {
	const api = profile.api as ManagementApi;
	const more = profile.persona?.api?.item;
	const shown: Body = {};
	// Copies: the profile's own objects never become part of an answer that is written into.
	for (const [path, value] of Object.entries(more?.fixed ?? {})) {
		writePath(shown, path, structuredClone(value));
	}
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
