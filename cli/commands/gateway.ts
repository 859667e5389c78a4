import type { Command } from 'commander';
import { GatewayConfigError } from '../../gateway/config/config-error';
import type { GatewayConfig } from '../../gateway/config/gateway-config';
import { loadGatewayConfig } from '../../gateway/config/load-config';
import { jsonLog } from '../../gateway/log/json-log';
import { openStore } from '../../gateway/open-store';
import { sourceSecrets } from '../../gateway/source-secrets';
import { destinationSettings, sourceSettings } from '../../gateway/settings-from-config';
import { startGateway } from '../../gateway/start-gateway';
import type { GatewayStore } from '../../gateway/store/gateway-store';
import { formatStatus } from '../gateway/format-status';
import { parseSince } from '../gateway/parse-since';
import { withConfigured } from '../gateway/with-configured';
import { UsageError } from '../usage-error';

const DEFAULT_CONFIG = 'hookbridge.gateway.yaml';

interface RunFlags {
	config: string;
	timeScale: string;
}

export function registerGateway(program: Command): void {
	const gateway = program
		.command('gateway')
		.description(
			'Run the production relay: verify every delivery, store it durably, acknowledge at once, and relay it re-signed (Standard Webhooks) to each destination, with retries, dead letters and replay.',
		)
		.option('--config <file>', 'YAML or JSON config file', DEFAULT_CONFIG)
		.option('--time-scale <n>', 'divide every retry delay by n (tests, demos)', '1')
		.action((flags: RunFlags) => runGateway(flags));
	gateway
		.command('status')
		.description('Per source: received, refused by code, duplicates; per destination: the queue.')
		.option('--json', 'print the status as JSON')
		.action((flags: { json?: boolean }, command: Command) =>
			withStore(configFile(command), async (store, config) => {
				const status = withConfigured(await store.status(), config);
				process.stdout.write(
					flags.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status),
				);
			}),
		);
	registerReplay(gateway);
	registerResume(gateway);
}

function registerReplay(gateway: Command): void {
	gateway
		.command('replay')
		.description("Send a destination's dead letters again, from the first attempt.")
		.requiredOption('--destination <id>', 'the destination whose dead relays to replay')
		.option('--since <time>', 'only events received since: ISO 8601 time, or an age (2h, 7d)')
		.option('--event <id>', 'only this event')
		.action((flags: { destination: string; since?: string; event?: string }, command: Command) =>
			withStore(configFile(command), async (store, config) => {
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
			}),
		);
}

function registerResume(gateway: Command): void {
	gateway
		.command('resume')
		.description('Restart relays to a destination that was paused (it answered 410 Gone).')
		.requiredOption('--destination <id>', 'the destination to resume')
		.action((flags: { destination: string }, command: Command) =>
			withStore(configFile(command), async (store, config) => {
				knownDestination(config, flags.destination);
				const wasPaused = await store.resume(flags.destination, Date.now());
				process.stdout.write(
					wasPaused
						? `resumed ${flags.destination}: its queued relays are due now\n`
						: `${flags.destination} was not paused\n`,
				);
			}),
		);
}

async function runGateway(flags: RunFlags): Promise<void> {
	const config = readConfig(flags.config);
	const timeScale = Number(flags.timeScale);
	if (!Number.isFinite(timeScale) || timeScale <= 0)
		throw new UsageError('--time-scale takes a positive number.');
	const log = jsonLog();
	const store = await openStore(config.store, (error) =>
		log('store.error', { error: error.message }),
	);
	const secrets = await sourceSecrets(config, store, log).catch(async (error: unknown) => {
		await store.close();
		throw error;
	});
	const running = await startGateway({
		store,
		host: config.listen.host,
		port: config.listen.port,
		limits: { maxBytes: config.maxBytes, toleranceSeconds: config.toleranceSeconds },
		sources: sourceSettings(config, (id) => secrets.get(id) ?? []),
		destinations: destinationSettings(config, timeScale),
		drainTimeoutMs: config.drainTimeoutMs,
		log,
	});
	await new Promise<void>((resolve) => {
		const stop = () => void running.stop().then(resolve, resolve);
		process.once('SIGINT', stop);
		process.once('SIGTERM', stop);
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

/** `--config` is the gateway command's, written before or after the subcommand's name. */
function configFile(command: Command): string {
	return (command.optsWithGlobals() as { config: string }).config;
}

function knownDestination(config: GatewayConfig, id: string): void {
	if (!config.destinations.some((d) => d.id === id)) {
		const known = config.destinations.map((d) => d.id).join(', ');
		throw new UsageError(`--destination: no destination "${id}" in the config; known: ${known}.`);
	}
}
