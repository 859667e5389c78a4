import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freeLoopbackPort } from './loopback-server';

// What the tests' real servers (redis-server, nginx) share as children of the test: found or
// a clear failure, started on a free loopback port, awaited until they answer, always ended.

const STOP_TIMEOUT_MS = 10_000;
// Another process may take the port between our probe and the server binding it.
const PORT_ATTEMPTS = 3;

/**
 * The program's path: `preferred` (where Debian's package puts it) or found on PATH. Throws
 * otherwise, so a test fails with `install` in its message and never skips.
 */
export function findProgram(name: string, preferred: string, install: string): string {
	if (existsSync(preferred)) return preferred;
	const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
	const path = found.stdout.trim();
	if (found.status === 0 && path !== '') return path;
	throw new Error(`${name} is not installed (looked for ${preferred} and on PATH): ${install}.`);
}

/** Runs `start` on a free loopback port, on another one when that port was taken meanwhile. */
export async function onFreePort<T>(start: (port: number) => Promise<T>): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await start(await freeLoopbackPort());
		} catch (error) {
			if (attempt >= PORT_ATTEMPTS || !/address already in use/i.test(String(error))) throw error;
		}
	}
}

/** A server process of the test, killed when the test process exits whatever happened. */
export class ServerChild {
	readonly child: ChildProcess;
	private output = '';
	private gone = false;
	private readonly exited: Promise<void>;
	private readonly onParentExit = () => this.child.kill('SIGKILL');

	/** `describe` adds what the process's own output lacks (a log file) to failure messages. */
	constructor(
		private readonly name: string,
		binary: string,
		args: readonly string[],
		private readonly describe: () => string = () => '',
	) {
		this.child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
		const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-4000));
		this.child.stdout?.on('data', keep);
		this.child.stderr?.on('data', keep);
		this.exited = new Promise((resolve) => {
			const end = () => {
				this.gone = true;
				resolve();
			};
			this.child.once('exit', end);
			// A spawn that failed emits 'error' and may never emit 'exit'.
			this.child.once('error', (error) => {
				this.output += `\n${String(error)}`;
				end();
			});
		});
		// A test run that dies without its afterAll must not leave servers behind.
		process.once('exit', this.onParentExit);
	}

	get running(): boolean {
		return !this.gone;
	}

	/**
	 * Polls `probe` until it returns true; any other value is the last answer, for the message.
	 * Kills the process and throws when it exits first or `timeoutMs` runs out.
	 */
	async waitUntilReady(probe: () => Promise<true | string>, timeoutMs: number): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		let last = 'no answer yet';
		try {
			while (Date.now() < deadline) {
				if (!this.running) throw new Error(`${this.name} exited before answering`);
				const answer = await probe().catch((error: unknown) => String(error));
				if (answer === true) return;
				last = answer;
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
			throw new Error(`${this.name} gave no answer in ${timeoutMs} ms (${last})`);
		} catch (error) {
			await this.kill('SIGKILL');
			throw new Error(`${(error as Error).message}:\n${this.output}${this.describe()}`);
		}
	}

	/** Sends `signal` unless it is gone already, and waits until it is. */
	async kill(signal: NodeJS.Signals): Promise<void> {
		if (this.running) this.child.kill(signal);
		await this.exited;
		process.removeListener('exit', this.onParentExit);
	}

	/** SIGTERM, then SIGKILL if it lingers. */
	async stop(): Promise<void> {
		const forced = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
		await this.kill('SIGTERM');
		clearTimeout(forced);
	}
}
