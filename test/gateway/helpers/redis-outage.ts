import type { RunningRedis } from '../../helpers/redis-server';
import type { TestReceiver } from '../../provider/helpers/test-receiver';
import { tallyDeliveries } from './crash-harness';
import type { Kill } from './crash-scenario';
import { waitUntil, type GatewayProcess } from './gateway-fixture';
import type { Attempt, ProviderBurst } from './provider-burst';

// Test 3 of the gateway issue: redis-server itself is killed with SIGKILL mid-burst and
// started again on its directory (its AOF), while the gateway keeps running.

export interface Outage extends Kill {
	goneAt: number;
	/** When the restart began: answers until then came while redis-server was down. */
	restartAt: number;
	upAt: number;
}

/**
 * Kills redis-server once `at` events are acknowledged and starts it again on its directory
 * once both sides of the gateway have met the outage: ingress has answered `answers`
 * deliveries sent after the kill, and a relay worker has failed a store call.
 */
export async function redisOutage(
	redis: RunningRedis,
	gateway: GatewayProcess,
	burst: ProviderBurst,
	receiver: TestReceiver,
	options: { attempts: readonly Attempt[]; at: number; answers: number; timeoutMs: () => number },
): Promise<Outage> {
	await waitUntil(
		`${options.at} acknowledged`,
		() => {
			if (burst.error) throw burst.error;
			return burst.acknowledged.size >= options.at;
		},
		options.timeoutMs(),
	);
	const acknowledged = burst.acknowledged.size;
	const { delivered } = tallyDeliveries(receiver.received, []);
	await redis.kill('SIGKILL');
	const goneAt = Date.now();
	const logged = gateway.process.stdout.length;
	const relayStoreError = /"event":"store\.error","destination":"make"/;
	await waitUntil(
		`${options.answers} answers and a relay store error while redis-server is down`,
		() => {
			if (burst.error) throw burst.error;
			const answered = options.attempts.filter((a) => a.sentAt >= goneAt).length;
			return (
				answered >= options.answers && relayStoreError.test(gateway.process.stdout.slice(logged))
			);
		},
		options.timeoutMs(),
	);
	const restartAt = Date.now();
	await redis.restart();
	const upAt = Date.now();
	return { acknowledged, delivered, downMs: upAt - goneAt, goneAt, restartAt, upAt };
}

/** Attempts sent after redis-server was gone and answered before its restart began. */
export function answeredWhileDown(attempts: readonly Attempt[], outage: Outage): Attempt[] {
	return attempts.filter((a) => a.sentAt >= outage.goneAt && a.answeredAt <= outage.restartAt);
}

/** How many answers of each kind (`503 store_unavailable`), and how fast. */
export function describeAnswers(attempts: readonly Attempt[]): string {
	const counts: Record<string, number> = {};
	for (const a of attempts) {
		const key = `${a.status ?? 'no answer'} ${a.reason ?? ''}`.trim();
		counts[key] = (counts[key] ?? 0) + 1;
	}
	const ms = attempts.map((a) => a.answeredAt - a.sentAt).sort((x, y) => x - y);
	const median = ms[Math.floor(ms.length / 2)] ?? 0;
	const max = ms.at(-1) ?? 0;
	return `${ms.length} deliveries ${JSON.stringify(counts)} in ${median} ms median, ${max} ms max`;
}
