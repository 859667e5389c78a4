import { GatewayConfigError } from '../../gateway/config/config-error';
import type { GatewayConfig } from '../../gateway/config/gateway-config';
import { loadGatewayConfig } from '../../gateway/config/load-config';
import { jsonLog } from '../../gateway/log/json-log';
import { openStore } from '../../gateway/open-store';
import { startConfigured } from '../../gateway/start-configured';
import { StoreInUseError, type GatewayStore } from '../../gateway/store/gateway-store';
import { UsageError } from '../usage-error';
import { formatStatus } from './format-status';
import { parseSince } from './parse-since';
import { withConfigured } from './with-configured';

/** `hookbridge gateway`: runs until SIGINT or SIGTERM (or its store is taken over), then drains. */
export async function runGateway(flags: { config: string; timeScale: string }): Promise<void> {
	const config = readConfig(flags.config);
	const timeScale = Number(flags.timeScale);
	if (!Number.isFinite(timeScale) || timeScale <= 0)
		throw new UsageError('--time-scale takes a positive number.');
	const log = jsonLog();
	const store = await openStore(config.store, (error) =>
		log('store.error', { error: error.message }),
	);
	const running = await startConfigured(config, store, log, timeScale).catch(
		async (error: unknown) => {
			await store.close();
			// Nothing started: as with a bad config, the operator has something to fix first.
			if (error instanceof StoreInUseError) throw new UsageError(error.message, error.code);
			throw error;
		},
	);
	await new Promise<void>((resolve) => {
		let signalled = false;
		const stop = () => {
			signalled = true;
			void running.stop().then(resolve, resolve);
		};
		process.once('SIGINT', stop);
		process.once('SIGTERM', stop);
		void running.stopped.then(() => {
			// Stopped by itself: the store was taken over by another gateway.
			if (!signalled) process.exitCode = 1;
			resolve();
		});
	});
}

export function printStatus(file: string, json: boolean): Promise<void> {
	return withStore(file, async (store, config) => {
		const status = withConfigured(await store.status(), config);
		process.stdout.write(json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status));
	});
}

export function replayDead(
	file: string,
	flags: { destination: string; since?: string; event?: string },
): Promise<void> {
	return withStore(file, async (store, config) => {
		knownDestination(config, flags.destination);
		const count = await store.replay(
			{
				destination: flags.destination,
				...(flags.since ? { since: parseSince(flags.since, Date.now()) } : {}),
				...(flags.event ? { eventId: flags.event } : {}),
			},
			Date.now(),
		);
		process.stdout.write(`replaying ${count} dead relay(s) to ${flags.destination}\n`);
	});
}

export function resumeDestination(file: string, destination: string): Promise<void> {
	return withStore(file, async (store, config) => {
		knownDestination(config, destination);
		const wasPaused = await store.resume(destination, Date.now());
		process.stdout.write(
			wasPaused
				? `resumed ${destination}: its queued relays are due now\n`
				: `${destination} was not paused\n`,
		);
	});
}

/** A config error is a usage error (exit 2): its message lists every problem, never a secret. */
function readConfig(file: string): GatewayConfig {
	try {
		return loadGatewayConfig(file);
	} catch (error) {
		if (error instanceof GatewayConfigError) throw new UsageError(error.message, error.code);
		throw error;
	}
}

async function withStore(
	file: string,
	work: (store: GatewayStore, config: GatewayConfig) => Promise<void>,
): Promise<void> {
	const config = readConfig(file);
	const store = await openStore(config.store);
	try {
		await work(store, config);
	} finally {
		await store.close();
	}
}

function knownDestination(config: GatewayConfig, id: string): void {
	if (!config.destinations.some((d) => d.id === id)) {
		const known = config.destinations.map((d) => d.id).join(', ');
		throw new UsageError(`--destination: no destination "${id}" in the config; known: ${known}.`);
	}
}
