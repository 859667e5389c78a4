import { secretsPreparer } from '@hookbridge/core';
import type { DestinationConfig, GatewayConfig } from './config/gateway-config';
import type { SourceSettings } from './ingress/ingest-delivery';
import type { DestinationSettings } from './relay/destination-worker';

/**
 * Each source's verification settings and its routing table: which destinations take an event
 * of a given type (the destination lists the source, and its event filter, if any, the type).
 */
export function sourceSettings(
	config: GatewayConfig,
	secretsOf: (sourceId: string) => readonly string[],
): SourceSettings[] {
	return config.sources.map((source) => {
		const targets = config.destinations.filter((d) => d.sources.includes(source.id));
		const routes = new Map<string, readonly string[]>();
		const { profile } = source;
		const secrets = secretsOf(source.id);
		const prepare = secretsPreparer(profile);
		return {
			id: source.id,
			profile,
			...(source.publicUrl ? { publicUrl: source.publicUrl } : {}),
			// Made on the first delivery, not on every one.
			keys: () => prepare(secrets),
			route: (type) => {
				let ids = routes.get(type);
				if (!ids) {
					ids = targets.filter((d) => takes(d, type)).map((d) => d.id);
					// Bounded: a sender can make up types, the map must not grow with them.
					if (routes.size < 1024) routes.set(type, ids);
				}
				return ids;
			},
		};
	});
}

function takes(destination: DestinationConfig, type: string): boolean {
	return destination.events === undefined || destination.events.includes(type);
}

export function destinationSettings(
	config: GatewayConfig,
	timeScale: number,
): DestinationSettings[] {
	return config.destinations.map((d) => ({
		id: d.id,
		url: new URL(d.url),
		secret: d.secret,
		timeoutMs: d.timeoutMs,
		concurrency: d.concurrency,
		retrySchedule: d.retrySchedule,
		timeScale,
	}));
}
