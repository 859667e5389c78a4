import type { DestinationStatus, GatewayStatus, SourceStatus } from './gateway-store';
import type { Statements } from './sqlite-statements';

/**
 * Builds the status from the counters and the backlog. A destination's `lastError` is the
 * last failure ever recorded: a later success does not clear it, so an operator still sees
 * why it failed (the queued and failing counts say whether it still does).
 */
export function readSqliteStatus(s: Statements): GatewayStatus {
	const sources: Record<string, SourceStatus> = {};
	for (const row of s.sources.all()) {
		const source = (sources[row.source] ??= { received: 0, duplicates: 0, refused: {} });
		if (row.kind === 'refused') source.refused[row.code] = row.n;
		else source[row.kind] = row.n;
	}
	const destinations: Record<string, DestinationStatus> = {};
	for (const row of s.destinations.all()) {
		destinations[row.id] = {
			queued: 0,
			inFlight: 0,
			delivered: row.delivered,
			failing: 0,
			dead: 0,
			paused: row.paused === 1,
			pausedReason: row.paused_reason,
			lastError: row.last_error,
		};
	}
	for (const row of s.backlog.all()) {
		const destination = destinations[row.destination];
		if (!destination) continue;
		if (row.state === 'inflight') destination.inFlight += row.n;
		else if (row.state === 'dead') destination.dead += row.n;
		else if (row.retried) destination.failing += row.n;
		else destination.queued += row.n;
	}
	return { sources, destinations };
}
