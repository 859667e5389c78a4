import { startGateway } from '../../gateway/start-gateway';
import { SqliteStore } from '../../gateway/store/sqlite-store';
import { DEFAULT_MAX_BYTES, secretsPreparer, relayProfile } from '@hookbridge/core';
import { connectProvider } from './connect-provider';
import { emitOneByOne } from './emit-one-by-one';
import type { LaneSetup } from './lane-setup';
import { waitUntil } from './wait-until';

const SOURCE_ID = 'demo-source';
const DESTINATION_ID = 'demo-destination';

/**
 * The chapter's second lane: the same events through an in-process gateway, which stores each
 * delivery and acknowledges it at once, then retries the destination on its own schedule. True
 * when the provider saw no failure and every event reached the destination once it was up.
 */
export async function gatewayLane(setup: LaneSetup, storeFile: string): Promise<boolean> {
	const { provider, profile, destination, say } = setup;
	// Filled in once the provider has generated the webhook's secret, before any event is sent.
	const secrets: string[] = [];
	const gateway = await startDemoGateway(setup, storeFile, secrets);
	try {
		const connection = await connectProvider(provider, profile, `${gateway.url}/in/${SOURCE_ID}`);
		secrets.push(connection.secret);
		const { retryDelaysSeconds } = relayProfile.delivery;
		const schedule = retryDelaysSeconds
			.slice(0, 3)
			.map((s) => `${(s * 1000) / setup.timeScale} ms`);
		say(
			`  gateway (production): ${profile.name} → gateway on ${gateway.url} (SQLite in ${storeFile}) → destination; it stores and acknowledges each delivery, then retries the destination itself (${schedule.join(', ')}, …: the ${relayProfile.name} schedule at ×${setup.timeScale})`,
		);
		const refusedBefore = destination.refused;
		const emitted = await emitOneByOne(setup, connection);
		const firstTries = provider.context.outbox
			.log(profile.id, connection.accountId, 10_000)
			.filter((entry) => entry.attempt === 1 && entry.status === 'succeeded');
		const slowest = Math.max(0, ...firstTries.map((entry) => entry.durationMs));
		say(
			`  · the gateway acknowledged ${firstTries.length} of the ${setup.events} events on ${profile.name}'s first attempt, each within ${slowest} ms`,
		);
		// Down until every relay was refused about twice, and more often than the provider's
		// auto-disable threshold: failures that, had they reached it, would have disabled the webhook.
		const outage = Math.max(2 * setup.events, (profile.delivery.autoDisableAfter ?? 0) + 1);
		const outlasted = await waitUntil(() => destination.refused - refusedBefore >= outage, 10_000);
		const webhook = await connection.webhook();
		destination.down = false;
		const refused = destination.refused - refusedBefore;
		const unharmed = webhook.active && webhook.failureCount === 0;
		say(
			`  · meanwhile the destination refused ${refused} relay attempts (503); ${profile.name}'s webhook is ${webhook.active ? 'still active' : `disabled (${webhook.disabledReason ?? 'unknown'})`} with ${webhook.failureCount} failures ${unharmed ? '✔' : '✘'}`,
		);
		say('  · the destination is back up');
		await waitUntil(() => emitted.ids.every((id) => destination.arrived.has(id)), 15_000);
		const arrived = emitted.ids.filter((id) => destination.arrived.has(id)).length;
		const lost = setup.events - arrived;
		say(
			`  · ${arrived}/${setup.events} events arrived at the destination, verified, after it recovered; ${lost} lost ${lost === 0 ? '✔' : '✘'}`,
		);
		return outlasted && unharmed && firstTries.length === setup.events && lost === 0;
	} finally {
		await gateway.stop();
	}
}

/** A gateway in this process with one source (the lane's webhook) and one destination. */
function startDemoGateway(setup: LaneSetup, storeFile: string, secrets: readonly string[]) {
	const { retryDelaysSeconds, timeoutMs } = relayProfile.delivery;
	const prepare = secretsPreparer(setup.profile);
	return startGateway({
		store: SqliteStore.open(storeFile),
		host: '127.0.0.1',
		port: 0,
		limits: { maxBytes: DEFAULT_MAX_BYTES, toleranceSeconds: 300 },
		sources: [
			{
				id: SOURCE_ID,
				profile: setup.profile,
				keys: () => prepare(secrets),
				route: () => [DESTINATION_ID],
			},
		],
		destinations: [
			{
				id: DESTINATION_ID,
				url: new URL(setup.destination.url),
				secret: setup.destination.secret,
				timeoutMs,
				concurrency: 8,
				// The gateway's default schedule, on the provider's fast clock.
				retrySchedule: retryDelaysSeconds,
				timeScale: setup.timeScale,
			},
		],
		drainTimeoutMs: 1000,
		// The gateway's JSON log would bury the story; its outcome is read below instead.
		log: () => undefined,
	});
}
