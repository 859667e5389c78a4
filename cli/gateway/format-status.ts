import type { GatewayStatus } from '../../gateway/store/gateway-store';
import { formatTable } from '../format-table';

/** `gateway status` for people: one table of sources, one of destinations. */
export function formatStatus(status: GatewayStatus): string {
	const sources = Object.entries(status.sources).map(([id, s]) => ({
		source: id,
		received: s.received,
		duplicates: s.duplicates,
		refused: Object.values(s.refused).reduce((sum, n) => sum + n, 0),
		'refused by code': Object.entries(s.refused)
			.map(([code, n]) => `${code} ${n}`)
			.join(', '),
	}));
	const destinations = Object.entries(status.destinations).map(([id, d]) => ({
		destination: id,
		queued: d.queued,
		'in flight': d.inFlight,
		delivered: d.delivered,
		failing: d.failing,
		dead: d.dead,
		state: d.paused ? `paused (${d.pausedReason ?? 'no reason'})` : 'active',
		'last error': d.lastError ?? '',
	}));
	return `${formatTable(sources)}\n\n${formatTable(destinations)}\n`;
}
