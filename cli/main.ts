import { Command, CommanderError } from 'commander';
import { registerDemo } from './commands/demo';
import { registerGateway } from './commands/gateway';
import { registerGenerate } from './commands/generate';
import { registerListen } from './commands/listen';
import { registerProfile } from './commands/profile';
import { registerProvider } from './commands/provider';
import { registerSubscriptions } from './commands/subscriptions';
import { registerTrigger } from './commands/trigger';
import { registerVerify } from './commands/verify';
import { SubscriptionError } from '@hookbridge/core';
import { packageVersion } from './package-version';
import { UsageError } from './usage-error';

export function buildProgram(): Command {
	const program = new Command('hookbridge')
		.description('Verified, typed, deduplicated SaaS webhook events for Zapier, n8n and Make.')
		.version(packageVersion())
		.exitOverride()
		.configureOutput({ writeErr: (text) => process.stderr.write(text) });
	registerVerify(program);
	registerListen(program);
	registerProfile(program);
	registerGenerate(program);
	registerTrigger(program);
	registerSubscriptions(program);
	registerProvider(program);
	registerGateway(program);
	registerDemo(program);
	const override = (command: Command) => {
		command.exitOverride();
		command.commands.forEach(override);
	};
	program.commands.forEach(override);
	return program;
}

/** Runs the CLI. Exit codes: 0 success, 1 a delivery or check was refused, 2 a usage error. */
export async function main(argv: string[]): Promise<void> {
	try {
		await buildProgram().parseAsync(argv);
	} catch (error) {
		if (error instanceof CommanderError) {
			// Help and version output are successes; everything else commander throws is usage.
			process.exitCode = error.exitCode === 0 ? 0 : 2;
			return;
		}
		if (error instanceof UsageError) {
			process.stderr.write(`${error.code}: ${error.message}\n`);
			process.exitCode = 2;
			return;
		}
		if (error instanceof SubscriptionError) {
			process.stderr.write(`${error.code}: ${error.message}\n`);
			process.exitCode = 1;
			return;
		}
		process.stderr.write(
			`internal_error: ${error instanceof Error ? error.message : String(error)}\n`,
		);
		process.exitCode = 1;
	}
}
