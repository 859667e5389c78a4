import { createHash } from 'node:crypto';

export type StoreKeys = ReturnType<typeof storeKeys>;

/** The store's own keys beside BullMQ's, under `<prefix>:#`. */
export function storeKeys(prefix: string) {
	// '#' is escaped in queue names (queueName), so no destination's BullMQ keys start this way.
	const ns = `${prefix}:#`;
	return {
		sources: `${ns}sources`,
		destinations: `${ns}destinations`,
		secrets: `${ns}source-secrets`,
		source: (id: string) => `${ns}source:${id}`,
		destination: (id: string) => `${ns}destination:${id}`,
		attempts: (id: string) => `${ns}attempts:${id}`,
		event: (source: string, eventId: string) =>
			`${ns}event:${createHash('sha256').update(`${source}\u0000${eventId}`).digest('hex')}`,
	};
}

/** BullMQ forbids ':' in queue names; config ids never need escaping, other text still works. */
export function queueName(destination: string): string {
	return encodeURIComponent(destination);
}
