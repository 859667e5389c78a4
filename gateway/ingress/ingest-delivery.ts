import {
	type HeaderInput,
	type Profile,
	receive,
	relayBody,
	type SigningSecrets,
	WebhookError,
} from '@hookbridge/core';
import { StoreUnavailableError, type GatewayStore } from '../store/gateway-store';

export interface SourceSettings {
	id: string;
	profile: Profile;
	/** The signing secrets' keys, made once per list (see secretsPreparer), not per delivery. */
	keys: () => SigningSecrets;
	/** The destinations an event of this type goes to. */
	route: (type: string) => readonly string[];
	/** The URL the provider calls, for schemes that sign it; the request's query is added. */
	publicUrl?: string;
}

export interface IngestLimits {
	maxBytes: number;
	toleranceSeconds: number;
}

export type IngestOutcome =
	| {
			kind: 'accepted';
			status: 200;
			eventId: string;
			type: string;
			/** The destinations it was enqueued for. */
			destinations: readonly string[];
	  }
	| { kind: 'duplicate'; status: 200; eventId: string; type: string }
	| { kind: 'refused'; status: number; code: string; message: string };

/**
 * One delivery through the gateway: verified with receive() (the core's checks, codes and
 * statuses; dedupe is the store's), then the event and its relays stored in one atomic step,
 * and only then acknowledged. A store that cannot be reached is a 503: the provider retries.
 */
export async function ingestDelivery(
	store: GatewayStore,
	source: SourceSettings,
	delivery: { headers: HeaderInput; body: Buffer; url?: string },
	limits: IngestLimits,
): Promise<IngestOutcome> {
	let event;
	try {
		event = await receive(source.profile, delivery, {
			secrets: source.keys(),
			dedupe: false,
			// Relayed as JSON: refuse what would not survive JSON.stringify.
			strictJson: true,
			maxBytes: limits.maxBytes,
			toleranceSeconds: limits.toleranceSeconds,
		});
	} catch (error) {
		if (!(error instanceof WebhookError)) throw error;
		await store.countRefused(source.id, error.code).catch(() => undefined);
		return { kind: 'refused', status: error.status, code: error.code, message: error.message };
	}
	const destinations = source.route(event.type);
	try {
		const { duplicate } = await store.ingest({
			source: source.id,
			eventId: event.id,
			type: event.type,
			body: relayBody(event),
			destinations,
			receivedAt: Date.now(),
		});
		const base = { status: 200 as const, eventId: event.id, type: event.type };
		return duplicate ? { kind: 'duplicate', ...base } : { kind: 'accepted', ...base, destinations };
	} catch (error) {
		const unavailable =
			error instanceof StoreUnavailableError ? error : new StoreUnavailableError(error);
		return { kind: 'refused', status: 503, code: unavailable.code, message: unavailable.message };
	}
}
