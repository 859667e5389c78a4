import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { AttemptResult } from '../store/outbox';
import { checkTargetUrl, guardedLookup, TargetRefusedError, type Resolver } from './target-guard';

/** The delivery log keeps about 1 KB of each response, as the providers' dashboards do. */
export const RESPONSE_LOG_BYTES = 1024;

export interface SendOptions {
	timeoutMs: number;
	allowLoopback: boolean;
	httpsOnly: boolean;
	agents: DeliveryAgents;
	/** Name resolution before the address check; tests inject one (there is no DNS for them). */
	lookup?: Resolver;
}

export interface DeliveryAgents {
	http: HttpAgent;
	https: HttpsAgent;
}

/** Keep-alive connection pools for deliveries; `destroy()` them when the provider stops. */
export function createAgents(): DeliveryAgents {
	return {
		http: new HttpAgent({ keepAlive: true, maxSockets: 128 }),
		https: new HttpsAgent({ keepAlive: true, maxSockets: 128 }),
	};
}

/**
 * POSTs one delivery. Never throws: every outcome (2xx, other status, timeout, refused
 * target, network error) is an AttemptResult for the log. Redirects are not followed: a 3xx
 * is a failed attempt, as at the providers.
 */
export function sendAttempt(
	url: string,
	headers: Record<string, string>,
	body: string,
	options: SendOptions,
): Promise<AttemptResult> {
	const started = performance.now();
	const done = (
		statusCode: number | null,
		responseBody: string,
		error: string | null,
	): AttemptResult => ({
		statusCode,
		responseBody,
		error,
		durationMs: performance.now() - started,
	});
	let target: URL;
	try {
		// Refuses IP literals that are not public; names are checked after DNS, in `lookup`.
		target = checkTargetUrl(url, options);
	} catch (error) {
		return Promise.resolve(done(null, '', `refused: ${(error as Error).message}`));
	}
	return new Promise((resolve) => {
		const secure = target.protocol === 'https:';
		const send = secure ? httpsRequest : httpRequest;
		let settled = false;
		const finish = (result: AttemptResult) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			resolve(result);
		};
		// One options object (not `url, options`): the form every wrapper of http.request
		// understands, zapier-platform-core's logging patch included.
		const request = send({
			protocol: target.protocol,
			hostname: target.hostname.replace(/^\[|\]$/g, ''),
			port: target.port || undefined,
			path: `${target.pathname}${target.search}`,
			method: 'POST',
			headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
			agent: secure ? options.agents.https : options.agents.http,
			lookup: guardedLookup(options.allowLoopback, options.lookup) as never,
		});
		const timer = setTimeout(() => {
			request.destroy();
			finish(done(null, '', `timeout after ${options.timeoutMs} ms`));
		}, options.timeoutMs);
		request.on('response', (response) => {
			const chunks: Buffer[] = [];
			let kept = 0;
			response.on('data', (chunk: Buffer) => {
				if (kept < RESPONSE_LOG_BYTES) {
					chunks.push(chunk.subarray(0, RESPONSE_LOG_BYTES - kept));
					kept += Math.min(chunk.length, RESPONSE_LOG_BYTES - kept);
				}
			});
			response.on('end', () =>
				finish(done(response.statusCode ?? null, Buffer.concat(chunks).toString('utf8'), null)),
			);
			response.on('error', (error) =>
				finish(
					done(response.statusCode ?? null, Buffer.concat(chunks).toString('utf8'), error.message),
				),
			);
		});
		request.on('error', (error: NodeJS.ErrnoException) => {
			const reason =
				error instanceof TargetRefusedError
					? `refused: ${error.message}`
					: (error.code ?? error.message);
			finish(done(null, '', reason));
		});
		request.end(body);
	});
}
