import type { Connection } from './connect-provider';
import type { LaneSetup } from './lane-setup';
import { waitUntil } from './wait-until';

export interface Emitted {
	ids: string[];
	/** Events the provider queued no delivery for: its webhook was disabled by then. */
	unsent: number;
}

/**
 * Emits the lane's events one after the other, each once the previous one's first attempt is
 * recorded (or the webhook is disabled, after which nothing is attempted): traffic as a user's
 * account makes it, so failures build up across events as the provider counts them.
 */
export async function emitOneByOne(setup: LaneSetup, connection: Connection): Promise<Emitted> {
	const { provider, profile } = setup;
	const attempted = (id: string) =>
		provider.context.outbox
			.log(profile.id, connection.accountId, 10_000)
			.some((e) => e.eventId === id);
	const disabled = () =>
		provider.context.webhooks.active(profile.id, connection.accountId).length === 0;
	const emitted: Emitted = { ids: [], unsent: 0 };
	for (let i = 0; i < setup.events; i++) {
		const { eventId, deliveries } = await connection.emitCounted(setup.type);
		emitted.ids.push(eventId);
		if (deliveries === 0) emitted.unsent += 1;
		else if (!(await waitUntil(() => attempted(eventId) || disabled(), 10_000)))
			throw new Error(`the demo waited 10 s for ${profile.name} to deliver ${eventId}`);
	}
	return emitted;
}
