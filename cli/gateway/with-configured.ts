import type { GatewayConfig } from '../../gateway/config/gateway-config';
import type { GatewayStatus } from '../../gateway/store/gateway-store';

/** The store's status with every configured source and destination listed, zeros included. */
export function withConfigured(status: GatewayStatus, config: GatewayConfig): GatewayStatus {
	const sources = { ...status.sources };
	for (const { id } of config.sources) sources[id] ??= { received: 0, duplicates: 0, refused: {} };
	const destinations = { ...status.destinations };
	for (const { id } of config.destinations) {
		destinations[id] ??= {
			queued: 0,
			inFlight: 0,
			delivered: 0,
			failing: 0,
			dead: 0,
			paused: false,
			pausedReason: null,
			lastError: null,
		};
	}
	return { sources, destinations };
}
