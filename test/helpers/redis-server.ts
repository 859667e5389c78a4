import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findProgram, onFreePort, ServerChild } from './server-child';

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

/** Starts redis-server; throws (so the test fails, never skips) when it is not installed. */
export async function startRedis(options: StartRedisOptions = {}): Promise<RunningRedis> {
	const binary = findProgram(
		'redis-server',
		'/usr/bin/redis-server',
		'install it (apt-get install -y redis-server) to run the Redis store tests',
	);
	const dir = mkdtempSync(join(tmpdir(), 'hookbridge-redis-'));
	const timeoutMs = options.readyTimeoutMs ?? READY_TIMEOUT_MS;
	const start = (port: number) => startServer(binary, port, dir, timeoutMs);
	let started: { server: ServerChild; port: number };
	try {
		started = await onFreePort(async (port) => ({ server: await start(port), port }));
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
			current = await start(port);
		},
		async stop() {
			await current.stop();
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

async function startServer(binary: string, port: number, dir: string, timeoutMs: number) {
	const args = [
		...['--bind', '127.0.0.1', '--port', String(port), '--dir', dir],
		...['--appendonly', 'yes', '--appendfsync', 'always'],
		...['--maxmemory-policy', 'noeviction', '--save', '', '--daemonize', 'no'],
	];
	const server = new ServerChild(`redis-server on port ${port}`, binary, args);
	// -LOADING while the AOF is read back after a restart: not ready yet.
	await server.waitUntilReady(async () => {
		const reply = await ping(port);
		return reply.startsWith('+PONG') || reply;
	}, timeoutMs);
	return server;
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
