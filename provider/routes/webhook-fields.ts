import { z } from 'zod/v4';
import type { ManagementApi } from '@hookbridge/core';
import { parseBody } from './persona-error';

/** What a create or update call sends, read from the profile's body field names. */
export interface WebhookFields {
	url?: string;
	events?: string[];
	secret?: string;
	description?: string;
	active?: boolean;
}

// The limits an API of this kind sets (one seed provider documents url ≤ 2048 and description ≤ 255).
const url = z.string().min(1).max(2048);
const events = z.array(z.string().min(1)).min(1);
const secret = z.string().min(1).max(256);
const description = z.string().max(255);
const active = z.boolean();

/**
 * A create (`partial` false: url and events required) or update call's body, checked: a
 * problem is a 422 `validation_failed` naming the field and pointing at it (`/events`).
 */
export function readWebhookFields(
	api: ManagementApi,
	body: unknown,
	partial: boolean,
): WebhookFields {
	const { fields } = api;
	const shape: Record<string, z.ZodType> = {
		[fields.url]: partial ? url.optional() : url,
		[fields.events]: partial ? events.optional() : events,
	};
	// An update changes url, events and active only, as the documented update calls do.
	if (fields.secret && !partial) shape[fields.secret] = secret.optional();
	if (fields.description && !partial) shape[fields.description] = description.optional();
	if (fields.active) shape[fields.active] = active.optional();
	const read = parseBody(z.object(shape), body) as Record<string, unknown>;
	const pick = <T>(name: string | undefined) =>
		(name === undefined ? undefined : read[name]) as T | undefined;
	return {
		url: pick<string>(fields.url),
		events: pick<string[]>(fields.events),
		secret: pick<string>(fields.secret),
		description: pick<string>(fields.description),
		active: pick<boolean>(fields.active),
	};
}
