import { createHash } from 'node:crypto';
import type { NormalizedEvent } from '../receive/types';

/**
 * What a relay (listen --forward, the gateway) posts for a verified event: the normalised
 * envelope, plus the `timestamp` field the Standard Webhooks spec puts in every payload.
 */
export function relayBody(event: NormalizedEvent): string {
	return JSON.stringify({ ...event, timestamp: event.occurredAt });
}

/**
 * A Standard Webhooks `webhook-id` derived from stable parts (provider and event id, plus the
 * destination for the gateway), so every retry and replay of the same relay carries the same
 * id and the receiving platform can dedupe on it. Joined with ':': provider, source and
 * destination ids hold no colon, so only the event id may, and the join stays unambiguous.
 */
export function relayMessageId(...parts: readonly string[]): string {
	const digest = createHash('sha256').update(parts.join(':')).digest('hex');
	return `msg_${digest.slice(0, 32)}`;
}
