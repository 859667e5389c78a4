import type { RunningProvider } from '../../provider/start-provider';
import type { Profile } from '@hookbridge/core';
import type { RelayDestination } from './relay-destination';

/** What both lanes of the gateway chapter share: one provider persona, one destination. */
export interface LaneSetup {
	provider: RunningProvider;
	/** A dashboard persona with an auto-disable policy. */
	profile: Profile;
	destination: RelayDestination;
	type: string;
	events: number;
	/** The provider's clock speed-up, which the gateway's retry schedule follows too. */
	timeScale: number;
	say: (line: string) => void;
}
