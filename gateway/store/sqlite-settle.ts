import { describeFailure } from './describe-failure';
import type { ClaimedRelay, RelayOutcome } from './gateway-store';
import type { RelayState, SettleParams } from './sqlite-statements';

const STATE_AFTER: Record<RelayOutcome['kind'], RelayState> = {
	delivered: 'delivered',
	retry: 'pending',
	dead: 'dead',
	// 410: the relay waits, pending, for the destination to be resumed.
	paused: 'pending',
};

/** The relay row's next values after one attempt. */
export function sqliteSettle(relay: ClaimedRelay, outcome: RelayOutcome): SettleParams {
	const final = outcome.kind === 'delivered' || outcome.kind === 'dead';
	return {
		id: relay.id,
		attempts: relay.attempts,
		state: STATE_AFTER[outcome.kind],
		nextAt:
			outcome.kind === 'retry' ? outcome.nextAt : outcome.kind === 'paused' ? outcome.at : null,
		status: outcome.status,
		error: outcome.kind === 'delivered' ? null : describeFailure(outcome),
		settledAt: final ? outcome.at : null,
	};
}
