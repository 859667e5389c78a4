import type { Command } from 'commander';
import { join } from 'node:path';
import { startProvider } from '../../provider/start-provider';
import { readProfileFile } from '../profile/read-profile-file';
import { collect, integerOption, UsageError } from '../usage-error';

interface ProviderFlags {
	port: string;
	host: string;
	data?: string;
	allowLoopback?: boolean;
	timeScale: string;
	rateLimit: string;
	profile: string[];
}

export const DEFAULT_DATA_FILE = join('.hookbridge', 'provider.sqlite');

export function registerProvider(program: Command): void {
	program
		.command('provider')
		.description(
			'Run the reference provider: every built-in provider (and --profile files) on one local port.',
		)
		.option('--port <port>', 'port to listen on (0 = any free port)', '4010')
		.option('--host <host>', 'address to listen on', '127.0.0.1')
		.option('--data <file>', `SQLite data file (default ${DEFAULT_DATA_FILE})`)
		.option(
			'--allow-loopback',
			'deliver to http://127.0.0.1 and localhost targets (local receivers)',
		)
		.option('--time-scale <n>', 'divide every delay (backoff, retry window) by n', '1')
		.option(
			'--rate-limit <n>',
			'management API calls per key per minute (where a provider limits them)',
			'600',
		)
		.option(
			'--profile <file>',
			'also impersonate the provider a profile file describes (repeat for several)',
			collect,
			[],
		)
		.action(async (flags: ProviderFlags) => {
			const timeScale = Number(flags.timeScale);
			if (!Number.isFinite(timeScale) || timeScale <= 0)
				throw new UsageError('--time-scale takes a positive number.');
			const extra = flags.profile.map(readProfileFile);
			const running = await startProvider({
				profiles: extra,
				port: integerOption('--port', flags.port) ?? 4010,
				host: flags.host,
				dataFile: flags.data ?? DEFAULT_DATA_FILE,
				allowLoopback: flags.allowLoopback ?? false,
				timeScale,
				rateLimitPerMinute: integerOption('--rate-limit', flags.rateLimit) ?? 600,
			});
			const lines = [
				`hookbridge reference provider listening on ${running.url}`,
				...running.context.profiles.all().map((profile) => {
					const where = running.personas[profile.id];
					const label = `${profile.name}${profile.api ? ' API' : ''}`.padEnd(20);
					return where
						? `  ${label} ${profile.api ? '' : 'dashboard (admin API) '}${where}`
						: `  ${label} its API is not served here (profile files: dashboard only)`;
				}),
				`  admin                ${running.url}/_admin (health: ${running.url}/_admin/health)`,
				`  data                 ${flags.data ?? DEFAULT_DATA_FILE}${flags.allowLoopback ? '  (loopback targets allowed)' : ''}${timeScale !== 1 ? `  (time ×${timeScale})` : ''}`,
			];
			process.stdout.write(`${lines.join('\n')}\n`);
			await new Promise<void>((resolve) => {
				const stop = () => {
					process.stdout.write('stopping: finishing attempts in flight…\n');
					running.close().then(resolve, resolve);
				};
				process.once('SIGINT', stop);
				process.once('SIGTERM', stop);
			});
		});
}
