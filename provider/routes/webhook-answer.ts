import type { ManagementApi, Profile } from '@hookbridge/core';
import type { Webhook } from '../store/webhooks';
import { successAnswer } from './success-answer';
import { webhookView } from './webhook-view';
import { wireId } from './wire-id';
import { writePath } from './write-path';

type Body = Record<string, unknown>;

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
