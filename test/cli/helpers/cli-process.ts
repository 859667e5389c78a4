import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

// The built CLI as a user runs it (`npm test` builds first).
export const BIN = join(__dirname, '..', '..', '..', 'bin', 'hookbridge.js');

export interface Run {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** Runs `hookbridge <args>` to completion with `stdin`. */
export function hookbridge(
	args: string[],
	stdin: string | Buffer = '',
	env: NodeJS.ProcessEnv = {},
): Promise<Run> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [BIN, ...args], {
			stdio: ['pipe', 'pipe', 'pipe'],
			env: { ...process.env, ...env },
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr }));
		child.stdin.end(stdin);
	});
}

/** A long-running `hookbridge <args>` (listen, provider) whose output can be waited on. */
export class CliProcess {
	readonly child: ChildProcess;
	stdout = '';
	stderr = '';
	private exited: Promise<number | null>;

	constructor(args: string[], env: NodeJS.ProcessEnv = {}) {
		this.child = spawn(process.execPath, [BIN, ...args], {
			stdio: ['ignore', 'pipe', 'pipe'],
			env: { ...process.env, ...env },
		});
		this.child.stdout?.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
		this.child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
		this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
	}

	/** Waits (bounded) until stdout+stderr match; returns the match. */
	async waitFor(pattern: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const match = (this.stdout + this.stderr).match(pattern);
			if (match) return match;
			if (Date.now() > deadline || this.child.exitCode !== null) {
				throw new Error(`no ${pattern} in output:\n${this.stdout}\n${this.stderr}`);
			}
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
	}

	/** Resolves with the exit code once the process has ended by itself. */
	whenExited(): Promise<number | null> {
		return this.exited;
	}

	async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
		if (this.child.exitCode === null) this.child.kill(signal);
		return this.exited;
	}
}
