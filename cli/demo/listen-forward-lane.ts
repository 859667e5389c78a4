import { startListener } from '../listen/listener';
import { connectProvider } from './connect-provider';
import { emitOneByOne } from './emit-one-by-one';
import type { LaneSetup } from './lane-setup';
import { waitUntil } from './wait-until';

/**
 * The chapter's first lane: `listen --forward` relays each delivery while the provider waits,
 * so a destination outage becomes the provider's failure, and the provider's auto-disable
 * policy turns the webhook off. True when it did (what the chapter sets out to show).
 */
export async function listenForwardLane(setup: LaneSetup): Promise<boolean> {
	const { provider, profile, destination, say } = setup;
	const secrets: string[] = [];
	const listener = await startListener(
		{
			profile,
			secrets,
			// One try, as `listen --forward` is used: the provider's retries are the only ones.
			forward: {
				url: destination.url,
				secret: destination.secret,
				attempts: 1,
				backoffMs: 0,
				timeoutMs: 2000,
			},
		},
		0,
		'127.0.0.1',
	);
	try {
		const connection = await connectProvider(provider, profile, `${listener.url}/`);
		secrets.push(connection.secret);
		say(
			`  listen --forward (development): ${profile.name} → listener on ${listener.url} → destination; it relays while ${profile.name} waits, and answers 502 when the relay fails`,
		);
		const emitted = await emitOneByOne(setup, connection);
		const settled = await waitUntil(
			() => !provider.context.outbox.states(profile.id).inflight,
			10_000,
		);
		const log = provider.context.outbox.log(profile.id, connection.accountId, 10_000);
		const answered502 = log.filter((entry) => entry.responseCode === 502).length;
		say(
			`  · ${profile.name} made ${log.length} delivery attempts; the listener answered ${answered502} of them 502, the destination having refused the relay`,
		);
		const webhook = await connection.webhook();
		const autoDisabled = !webhook.active && webhook.disabledReason === 'auto';
		if (autoDisabled) {
			say(
				`  · ${profile.name} auto-disabled the webhook: failureCount ${webhook.failureCount}, disabledReason auto ✘`,
			);
			say(
				`  · ${emitted.unsent} of the ${setup.events} events came after that and were never sent, nor will any later one be until someone re-enables the webhook`,
			);
		} else
			say(
				`  · ${profile.name} did not auto-disable the webhook (active: ${webhook.active}, failureCount ${webhook.failureCount}) ✘`,
			);
		const arrived = emitted.ids.filter((id) => destination.arrived.has(id)).length;
		say(`  · the destination got ${arrived} of the ${setup.events} events`);
		return settled && autoDisabled && emitted.unsent > 0;
	} finally {
		await listener.close();
	}
}
