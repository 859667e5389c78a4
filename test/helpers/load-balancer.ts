import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findProgram, onFreePort, ServerChild } from './server-child';

// A real nginx in front of several gateway instances, as a child of the test: its config,
// pid file, error log and temp directories all live in a fresh directory, so it runs as any
// user (root included) without touching /etc, /var or /run.

export interface Upstream {
	host: string;
	port: number;
}

export interface Failovers {
	/** Nothing listened (the instance was down). */
	refused: number;
	/** The instance died with the request in flight: reset, or closed before answering. */
	cut: number;
}

export interface RunningNginx {
	/** Base URL of the load balancer, e.g. http://127.0.0.1:40123. */
	url: string;
	port: number;
	/** Attempts nginx passed on to the next instance, read from its error log (until `stop`). */
	failovers(): Failovers;
	/** Stops nginx (SIGKILL if it lingers) and removes its directory. */
	stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;
// Answered by nginx itself, so readiness does not depend on any upstream being up.
const READY_PATH = '/_nginx_ready';

/** Starts nginx balancing over `upstreams`; throws (the test fails, never skips) without nginx. */
export async function startNginx(upstreams: readonly Upstream[]): Promise<RunningNginx> {
	if (upstreams.length === 0) throw new Error('startNginx needs at least one upstream');
	const binary = findProgram(
		'nginx',
		'/usr/sbin/nginx',
		'install it (apt-get install -y nginx-light) to run the load-balanced gateway tests',
	);
	const dir = mkdtempSync(join(tmpdir(), 'hookbridge-nginx-'));
	for (const name of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, name));
	const conf = join(dir, 'nginx.conf');
	const errorLog = join(dir, 'error.log');
	try {
		return await onFreePort(async (port) => {
			writeFileSync(conf, nginxConf(dir, port, upstreams));
			// Emptied, so a failure's message shows this attempt's log and not the last one's.
			writeFileSync(errorLog, '');
			// -e: the log nginx writes to before it has read the config (not /var/log/nginx).
			const args = ['-p', dir, '-c', conf, '-e', errorLog];
			const server = new ServerChild(`nginx on port ${port}`, binary, args, () =>
				logTail(errorLog),
			);
			await server.waitUntilReady(() => answersItself(port), READY_TIMEOUT_MS);
			return {
				url: `http://127.0.0.1:${port}`,
				port,
				failovers: () => failovers(readFileSync(errorLog, 'utf8')),
				async stop() {
					await server.stop();
					rmSync(dir, { recursive: true, force: true });
				},
			};
		});
	} catch (error) {
		rmSync(dir, { recursive: true, force: true });
		throw error;
	}
}

function failovers(log: string): Failovers {
	const errors = log.split('\n').filter((line) => line.includes('[error]'));
	const count = (pattern: RegExp) => errors.filter((line) => pattern.test(line)).length;
	return {
		refused: count(/Connection refused\) while connecting to upstream/),
		cut: count(/while reading response header from upstream/),
	};
}

function logTail(file: string): string {
	if (!existsSync(file)) return '';
	return `\n${file}:\n${readFileSync(file, 'utf8').slice(-4000)}`;
}

async function answersItself(port: number): Promise<true | string> {
	const response = await fetch(`http://127.0.0.1:${port}${READY_PATH}`, {
		signal: AbortSignal.timeout(1000),
	});
	return response.status === 204 || `HTTP ${response.status}`;
}

function nginxConf(dir: string, port: number, upstreams: readonly Upstream[]): string {
	// max_fails=0: every instance is tried in its turn, never set aside for a fail_timeout (a
	// second at the least), so one restarted gets traffic at once. While it is down, its turn
	// costs a refused connect on loopback and the request goes on to the next one.
	const servers = upstreams
		.map(({ host, port: p }) => `\t\tserver ${host}:${p} max_fails=0;`)
		.join('\n');
	return `# Written by test/helpers/load-balancer.ts for one test run.
daemon off;
# One process: a SIGKILL of it leaves no worker behind, and there is no user switch to a
# worker that could not write this directory.
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events {
	worker_connections 1024;
}
http {
	access_log off;
	client_body_temp_path ${dir}/body;
	proxy_temp_path ${dir}/proxy;
	fastcgi_temp_path ${dir}/fastcgi;
	uwsgi_temp_path ${dir}/uwsgi;
	scgi_temp_path ${dir}/scgi;
	upstream gateways {
${servers}
	}
	server {
		listen 127.0.0.1:${port};
		location = ${READY_PATH} {
			return 204;
		}
		location / {
			proxy_pass http://gateways;
			# A POST whose instance died (refused, reset, no answer) or answered 502/503 is tried
			# on the next one. Sending a delivery twice is safe: ingest dedupes on the event id,
			# so the second instance answers 200 duplicate for one the first had stored.
			proxy_next_upstream error timeout http_502 http_503 non_idempotent;
			proxy_connect_timeout 1s;
			proxy_read_timeout 30s;
		}
	}
}
`;
}
