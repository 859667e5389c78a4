import { z } from 'zod/v4';
import { relayProfile } from '@hookbridge/core';
import { idSchema, integer, secretProblem, strictObject, urlSchema } from './config-fields';

// The relay follows the Standard Webhooks spec, so its profile's published policy is the
// default: retries after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h; a 15 s timeout.
const { retryDelaysSeconds, timeoutMs } = relayProfile.delivery;
const WEEK_SECONDS = 7 * 86_400;

export const destinationSchema = strictObject({
	id: idSchema.describe('The destination id, as logs, metrics and the store name it. Unique.'),
	url: urlSchema().describe(
		'Where events are POSTed (a Zapier, n8n or Make webhook URL): https; http only to a loopback host with `allowLoopback`.',
	),
	secret: z
		.string()
		.superRefine((secret, ctx) => {
			const problem = secretProblem(relayProfile, secret);
			if (problem) ctx.addIssue({ code: 'custom', message: problem });
		})
		.describe(
			'The Standard Webhooks secret (`whsec_<base64>`) every relay is signed with; give the same one to the receiving side.',
		),
	sources: z
		.array(z.string())
		.min(1, { error: 'list at least one source id, or leave the field out for all' })
		.optional()
		.describe('Source ids whose events go here. Default: every source.'),
	events: z
		.array(z.string())
		.min(1, { error: 'list at least one event type, or leave the field out for all' })
		.optional()
		.describe(
			"Event types relayed here (each in one of its sources' catalogs). Default: every type.",
		),
	retrySchedule: z
		.array(integer(0, WEEK_SECONDS))
		.max(20, { error: 'must have at most 20 retries' })
		.prefault([...retryDelaysSeconds])
		.describe(
			'Seconds to wait before each retry after the immediate first attempt; its length is the number of retries. After the last, the relay is dead (replayable).',
		),
	timeoutMs: integer(1, 120_000)
		.prefault(timeoutMs)
		.describe('How long one attempt may take before it counts as failed (ms).'),
	concurrency: integer(1, 256)
		.prefault(8)
		.describe('Relays to this destination in flight at once.'),
});

export type DestinationInput = z.output<typeof destinationSchema>;

/** A destination with its default source list (every source) filled in. */
export type DestinationConfig = Omit<DestinationInput, 'sources'> & { sources: string[] };
