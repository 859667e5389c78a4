import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { AttemptResult } from './plan-relay';

export interface RelayAgents {
	http: HttpAgent;
	https: HttpsAgent;
}

/** Keep-alive pools, one pair per gateway; `destroy()` both on shutdown. */
export function createRelayAgents(): RelayAgents {
	return {
		http: new HttpAgent({ keepAlive: true, maxSockets: 256 }),
		https: new HttpsAgent({ keepAlive: true, maxSockets: 256 }),
	};
}

export interface PostOptions {
	timeoutMs: number;
	agents: RelayAgents;
	/** Aborts the attempt (shutdown past its bound): the result is an error, not an answer. */
	signal?: AbortSignal;
}

/**
 * POSTs one relay and resolves with what came back; never rejects. Redirects are not
 * followed (a 3xx is a failed attempt), the response body is read and dropped (only the
 * status and Retry-After matter), and the attempt ends at `timeoutMs`.
 */
export function postRelay(
	url: URL,
	headers: Record<string, string>,
	body: string,
	options: PostOptions,
): Promise<AttemptResult> {
	return new Promise((resolve) => {
		const secure = url.protocol === 'https:';
		let settled = false;
		const finish = (result: AttemptResult) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			options.signal?.removeEventListener('abort', onAbort);
			resolve(result);
		};
		const request = (secure ? httpsRequest : httpRequest)({
			protocol: url.protocol,
			hostname: url.hostname.replace(/^\[|\]$/g, ''),
			port: url.port || undefined,
			path: `${url.pathname}${url.search}`,
			method: 'POST',
			headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
			agent: secure ? options.agents.https : options.agents.http,
		});
		const timer = setTimeout(() => {
			request.destroy();
			finish({ status: null, error: `timeout after ${options.timeoutMs} ms` });
		}, options.timeoutMs);
		const onAbort = () => {
			request.destroy();
			finish({ status: null, error: 'aborted at shutdown' });
		};
		options.signal?.addEventListener('abort', onAbort, { once: true });
		request.on('response', (response: IncomingMessage) => {
			const answer = { status: response.statusCode ?? null, retryAfter: header(response) };
			response.on('end', () => finish(answer));
			response.on('error', () => finish(answer));
			response.resume();
		});
		request.on('error', (error: NodeJS.ErrnoException) =>
			finish({ status: null, error: error.code ?? error.message }),
		);
		request.end(body);
	});
}

function header(response: IncomingMessage): string | undefined {
	const value = response.headers['retry-after'];
	return Array.isArray(value) ? value[0] : value;
}
