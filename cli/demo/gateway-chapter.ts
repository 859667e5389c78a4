import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningProvider } from '../../provider/start-provider';
import type { Profile } from '@hookbridge/core';
import { gatewayLane } from './gateway-lane';
import { listenForwardLane } from './listen-forward-lane';
import { RelayDestination } from './relay-destination';

const EVENTS = 12;
const TYPE = 'message.received';

/**
 * Why the gateway exists: the same events, with the destination down, through `listen
 * --forward` (the provider sees every failure and disables the webhook) and through the gateway
 * (the provider sees none; the gateway delivers everything once the destination is back).
 */
export async function gatewayChapter(
	provider: RunningProvider,
	profile: Profile,
	{ timeScale, relaySecret }: { timeScale: number; relaySecret: string },
	say: (line: string) => void,
): Promise<boolean> {
	const dir = mkdtempSync(join(tmpdir(), 'hookbridge-demo-gateway-'));
	const destination = await RelayDestination.start(relaySecret);
	try {
		say(
			`Why the gateway exists (${profile.name}, ${EVENTS} × ${TYPE}; the destination is down and answers 503):`,
		);
		const setup = { provider, profile, destination, type: TYPE, events: EVENTS, timeScale, say };
		const listenShown = await listenForwardLane(setup);
		const gatewayOk = await gatewayLane(setup, join(dir, 'gateway.sqlite'));
		if (destination.rejected > 0)
			say(`  · ✘ the destination refused ${destination.rejected} relays that did not verify`);
		say(
			'  → listen --forward is for development; in production run the gateway, so that an outage of the destination never reaches the provider.\n',
		);
		return listenShown && gatewayOk && destination.rejected === 0;
	} finally {
		await destination.close();
		rmSync(dir, { recursive: true, force: true });
	}
}
