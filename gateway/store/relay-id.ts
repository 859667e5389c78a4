import { createHash } from 'node:crypto';

/**
 * The id of one event's relay to one destination: the same in every store, on every attempt
 * and after a replay, so the destination can dedupe on the `webhook-id` derived from it.
 * Hashed because event ids are the sender's text (any length, any characters).
 */
export function relayId(source: string, eventId: string, destination: string): string {
	const digest = createHash('sha256')
		.update(`${source}\u0000${eventId}\u0000${destination}`)
		.digest('hex');
	return `rly_${digest.slice(0, 32)}`;
}
