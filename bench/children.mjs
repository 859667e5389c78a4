// The gateway bench's child processes: servers under test (gateway-server.mjs) and one
// redis-server. Every child is tracked and ended by its own handle on stop, on error, and with
// SIGKILL if the bench process exits without getting there.
import { fork, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const STOP_GRACE_MS = 15_000;
export const REDIS_BINARY = '/usr/bin/redis-server';

/** Where the tests look too: the Debian path, else the first redis-server on PATH. */
function redisBinary() {
	if (existsSync(REDIS_BINARY)) return REDIS_BINARY;
	const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
	const path = found.stdout?.trim();
	if (found.status === 0 && path) return path;
	throw new Error(`redis-server is not installed (not at ${REDIS_BINARY} nor on PATH)`);
}

export class Children {
	#running = new Set();
	#onExit = () => {
		for (const child of this.#running) child.kill('SIGKILL');
	};

	constructor() {
		process.once('exit', this.#onExit);
	}

	/** Forks a server of gateway-server.mjs; resolves with its URL once it listens. */
	async server(role, arg) {
		const child = this.#track(
			fork(new URL('./gateway-server.mjs', import.meta.url), [role, arg ?? ''], {
				stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
			}),
		);
		const { url } = await reply(child, 'ready', `${role} server`);
		return {
			url,
			resume: () => (child.send({ resume: true }), reply(child, 'resumed', `${role} server`)),
			stop: () => this.#end(child, () => child.send({ stop: true })),
		};
	}

	/** redis-server as the gateway expects it in production: AOF, fsync before each reply. */
	async redis(dir) {
		const binary = redisBinary();
		const port = await freePort();
		const args = [
			...['--bind', '127.0.0.1', '--port', String(port), '--dir', dir],
			...['--appendonly', 'yes', '--appendfsync', 'always'],
			...['--maxmemory-policy', 'noeviction', '--save', '', '--daemonize', 'no'],
		];
		const child = this.#track(spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] }));
		const deadline = Date.now() + 30_000;
		while (!(await ping(port))) {
			if (child.exitCode !== null || child.failed)
				throw new Error(`redis-server exited:\n${child.output}`);
			if (Date.now() > deadline) throw new Error(`redis-server gave no PONG:\n${child.output}`);
			await sleep(50);
		}
		return { url: `redis://127.0.0.1:${port}`, stop: () => this.#end(child, () => child.kill()) };
	}

	/** Ends every child still running (each by its own handle), then forgets the exit hook. */
	async stopAll() {
		await Promise.all([...this.#running].map((child) => this.#end(child, () => child.kill())));
		process.removeListener('exit', this.#onExit);
	}

	#track(child) {
		child.output = '';
		child.stderr.on('data', (chunk) => (child.output = (child.output + chunk).slice(-4000)));
		child.exited = new Promise((resolve) => {
			child.once('exit', resolve);
			// A child that never started emits 'error' and no 'exit': nothing is left to end.
			child.once('error', (error) => {
				child.output += `${error.message}\n`;
				if (child.pid !== undefined) return;
				child.failed = true;
				resolve();
			});
		});
		this.#running.add(child);
		child.exited.then(() => this.#running.delete(child));
		return child;
	}

	/** Asks politely, then SIGKILL after the grace period: a bench must never leave a child. */
	async #end(child, ask) {
		if (child.exitCode !== null || child.signalCode !== null || child.failed) return;
		try {
			ask();
		} catch {
			child.kill('SIGKILL');
		}
		const timer = sleep(STOP_GRACE_MS, 'late');
		if ((await Promise.race([child.exited, timer])) === 'late') child.kill('SIGKILL');
		await child.exited;
	}
}

/** The next IPC message carrying `key`; rejects if the child exits first (with its stderr). */
function reply(child, key, what) {
	return new Promise((resolve, reject) => {
		const onMessage = (message) => {
			if (!message?.[key]) return;
			child.off('exit', onExit);
			child.off('message', onMessage);
			resolve(message);
		};
		const onExit = (code) => {
			child.off('message', onMessage);
			reject(new Error(`${what} exited (${code}) before "${key}":\n${child.output}`));
		};
		child.on('message', onMessage);
		child.once('exit', onExit);
	});
}

function freePort() {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** One PING on a raw socket: true on +PONG (not while -LOADING or refused). */
function ping(port) {
	return new Promise((resolve) => {
		const socket = connect({ host: '127.0.0.1', port });
		socket.setTimeout(1000, () => socket.destroy());
		socket.once('error', () => resolve(false));
		socket.once('close', () => resolve(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.once('data', (chunk) => {
			resolve(chunk.toString().startsWith('+PONG'));
			socket.destroy();
		});
	});
}
