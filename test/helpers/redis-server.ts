import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort } from './loopback-server';

// A real redis-server as a child of the test, on a loopback port of its own and a fresh data
// directory, durable the way the gateway expects in production (AOF, fsync before each reply).

export interface StartRedisOptions {
	/** How long a start may take to answer PING; sized for a loaded 2-core machine. */
	readyTimeoutMs?: number;
}

export interface RunningRedis {
	url: string;
	port: number;
	dir: string;
	/** The current server process (a new one after `restart`). */
	readonly process: ChildProcess;
	/** Sends `signal` (SIGKILL unless told), one that ends it, and waits until it is gone. */
	kill(signal?: NodeJS.Signals): Promise<void>;
	/** Starts the server again on the same port and directory (stops it first if it runs). */
	restart(): Promise<void>;
	/** Stops the server and removes its directory. */
	stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
// Another process may take the port between our probe and redis binding it.
const PORT_ATTEMPTS = 3;

/** Starts redis-server; throws (so the test fails, never skips) when it is not installed. */
export async function startRedis(options: StartRedisOptions = {}): Promise<RunningRedis> {
	const binary = redisBinary();
	const dir = mkdtempSync(join(tmpdir(), 'hookbridge-redis-'));
	const timeoutMs = options.readyTimeoutMs ?? READY_TIMEOUT_MS;
	let started: { server: RedisChild; port: number };
	try {
		started = await startOnFreePort(binary, dir, timeoutMs);
	} catch (error) {
		rmSync(dir, { recursive: true, force: true });
		throw error;
	}
	const { port } = started;
	let current = started.server;
	return {
		url: `redis://127.0.0.1:${port}`,
		port,
		dir,
		get process() {
			return current.child;
		},
		kill: (signal = 'SIGKILL') => current.kill(signal),
		async restart() {
			await current.stop();
			current = await RedisChild.start(binary, port, dir, timeoutMs);
		},
		async stop() {
			await current.stop();
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

async function startOnFreePort(
	binary: string,
	dir: string,
	timeoutMs: number,
	attempt = 1,
): Promise<{ server: RedisChild; port: number }> {
	const port = await freeLoopbackPort();
	try {
		return { server: await RedisChild.start(binary, port, dir, timeoutMs), port };
	} catch (error) {
		if (attempt >= PORT_ATTEMPTS || !/address already in use/i.test(String(error))) throw error;
		return startOnFreePort(binary, dir, timeoutMs, attempt + 1);
	}
}

function redisBinary(): string {
	if (existsSync('/usr/bin/redis-server')) return '/usr/bin/redis-server';
	const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
	const path = found.stdout.trim();
	if (found.status === 0 && path !== '') return path;
	throw new Error(
		'redis-server is not installed (looked for /usr/bin/redis-server and on PATH): ' +
			'install it (apt-get install -y redis-server) to run the Redis store tests.',
	);
}

class RedisChild {
	private output = '';
	private readonly exited: Promise<void>;
	private readonly onParentExit = () => this.child.kill('SIGKILL');

	private constructor(readonly child: ChildProcess) {
		const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-4000));
		child.stdout?.on('data', keep);
		child.stderr?.on('data', keep);
		this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
		// A test run that dies without its afterAll must not leave servers behind.
		process.once('exit', this.onParentExit);
	}

	static async start(binary: string, port: number, dir: string, timeoutMs: number) {
		const args = [
			...['--bind', '127.0.0.1', '--port', String(port), '--dir', dir],
			...['--appendonly', 'yes', '--appendfsync', 'always'],
			...['--maxmemory-policy', 'noeviction', '--save', '', '--daemonize', 'no'],
		];
		const server = new RedisChild(spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
		try {
			await server.waitUntilReady(port, timeoutMs);
		} catch (error) {
			await server.kill('SIGKILL');
			throw error;
		}
		return server;
	}

	get running(): boolean {
		return this.child.exitCode === null && this.child.signalCode === null;
	}

	async kill(signal: NodeJS.Signals): Promise<void> {
		if (this.running) this.child.kill(signal);
		await this.exited;
		process.removeListener('exit', this.onParentExit);
	}

	async stop(): Promise<void> {
		if (!this.running) return this.kill('SIGKILL');
		const forced = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
		await this.kill('SIGTERM');
		clearTimeout(forced);
	}

	private async waitUntilReady(port: number, timeoutMs: number): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		let last = 'no answer yet';
		while (Date.now() < deadline) {
			if (!this.running) {
				throw new Error(`redis-server exited before answering PING:\n${this.output}`);
			}
			last = await ping(port).catch((error: Error) => error.message);
			// -LOADING while the AOF is read back after a restart: not ready yet.
			if (last.startsWith('+PONG')) return;
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		throw new Error(
			`redis-server on port ${port} gave no PONG in ${timeoutMs} ms (${last}):\n${this.output}`,
		);
	}
}

/** One PING over a raw socket: resolves with the first reply line. */
function ping(port: number): Promise<string> {
	return new Promise((resolve, reject) => {
		const socket = connect({ host: '127.0.0.1', port });
		let reply = '';
		socket.setTimeout(1000, () => socket.destroy(new Error('PING timed out')));
		socket.once('error', reject);
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk: Buffer) => {
			reply += chunk.toString();
			if (!reply.includes('\r\n')) return;
			socket.destroy();
			resolve(reply.slice(0, reply.indexOf('\r\n')));
		});
	});
}
