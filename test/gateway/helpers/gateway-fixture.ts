import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliProcess } from '../../cli/helpers/cli-process';

/** A Standard Webhooks secret for the relays (tests verify them with node:crypto). */
export const RELAY_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

const made: string[] = [];
// Removed when the test worker exits, after every gateway child it started has stopped.
process.once('exit', () => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A fresh directory for one test's config and SQLite file. */
export function tempDir(prefix = 'hookbridge-gw-'): string {
	const dir = mkdtempSync(join(tmpdir(), prefix));
	made.push(dir);
	return dir;
}

/** Writes a config as JSON (YAML's subset) and returns its path. */
export function writeConfig(dir: string, config: unknown, name = 'gateway.json'): string {
	const file = join(dir, name);
	writeFileSync(file, JSON.stringify(config, null, 2));
	return file;
}

export interface GatewayProcess {
	process: CliProcess;
	url: string;
	/** Every JSON log line printed so far. */
	logs(): Array<Record<string, unknown>>;
}

/** `hookbridge gateway --config <file>` as a child process, once it says it is listening. */
export async function startGatewayProcess(
	configFile: string,
	options: { timeScale?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<GatewayProcess> {
	const args = ['gateway', '--config', configFile];
	if (options.timeScale) args.push('--time-scale', String(options.timeScale));
	const child = new CliProcess(args, options.env);
	const match = await child.waitFor(/"event":"gateway\.started"[^\n]*"url":"(http:[^"]+)"/, 60_000);
	return {
		process: child,
		url: match[1] ?? '',
		logs: () =>
			child.stdout
				.split('\n')
				.filter((line) => line.startsWith('{'))
				.map((line) => JSON.parse(line) as Record<string, unknown>),
	};
}

/** Polls (bounded) until `predicate` holds; the message says what was awaited. */
export async function waitUntil(
	what: string,
	predicate: () => boolean | Promise<boolean>,
	timeoutMs = 60_000,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await predicate())) {
		if (Date.now() > deadline)
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}
