import type { Command } from 'commander';
import { relayProfile } from '@hookbridge/core';

const DEFAULT_CONFIG = 'hookbridge.gateway.yaml';

/**
 * The gateway's code (BullMQ, ioredis, prom-client, the config loader) is loaded only when a
 * gateway command runs: required up front it added about 0.28 s to every `hookbridge`
 * start, `verify` included (measured: 277 ms of the CLI's module load).
 */
const actions = () => import('../gateway/gateway-actions');

export function registerGateway(program: Command): void {
	const gateway = program
		.command('gateway')
		.description(
			`Run the production relay: verify every delivery, store it durably, acknowledge at once, and relay it re-signed (${relayProfile.name}) to each destination, with retries, dead letters and replay.`,
		)
		.option('--config <file>', 'YAML or JSON config file', DEFAULT_CONFIG)
		.option('--time-scale <n>', 'divide every retry delay by n (tests, demos)', '1')
		.action(async (flags: { config: string; timeScale: string }) =>
			(await actions()).runGateway(flags),
		);
	gateway
		.command('status')
		.description('Per source: received, refused by code, duplicates; per destination: the queue.')
		.option('--json', 'print the status as JSON')
		.action(async (flags: { json?: boolean }, command: Command) =>
			(await actions()).printStatus(configFile(command), flags.json ?? false),
		);
	gateway
		.command('replay')
		.description("Send a destination's dead letters again, from the first attempt.")
		.requiredOption('--destination <id>', 'the destination whose dead relays to replay')
		.option('--since <time>', 'only events received since: ISO 8601 time, or an age (2h, 7d)')
		.option('--event <id>', 'only this event')
		.action(
			async (flags: { destination: string; since?: string; event?: string }, command: Command) =>
				(await actions()).replayDead(configFile(command), flags),
		);
	gateway
		.command('resume')
		.description('Restart relays to a destination that was paused (it answered 410 Gone).')
		.requiredOption('--destination <id>', 'the destination to resume')
		.action(async (flags: { destination: string }, command: Command) =>
			(await actions()).resumeDestination(configFile(command), flags.destination),
		);
}

/** `--config` is the gateway command's, written before or after the subcommand's name. */
function configFile(command: Command): string {
	return (command.optsWithGlobals() as { config: string }).config;
}
