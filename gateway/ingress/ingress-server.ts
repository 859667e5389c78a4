import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenOn } from '../../cli/http/listen-on';
import { BodyTooLargeError, readBody } from '../../cli/http/read-body';
import { withQuery } from '@hookbridge/core';
import type { JsonLog } from '../log/json-log';
import type { GatewayMetrics } from '../metrics/gateway-metrics';
import type { GatewayStore } from '../store/gateway-store';
import {
	ingestDelivery,
	type IngestLimits,
	type IngestOutcome,
	type SourceSettings,
} from './ingest-delivery';

export interface IngressOptions {
	store: GatewayStore;
	sources: ReadonlyMap<string, SourceSettings>;
	limits: IngestLimits;
	metrics: GatewayMetrics;
	log: JsonLog;
	/** An event was stored with relays to these destinations: their workers can start now. */
	onEnqueued: (destinations: readonly string[]) => void;
}

export interface RunningIngress {
	url: string;
	/**
	 * Stops taking new deliveries; resolves when those being answered are answered, or after
	 * `graceMs`, when the connections left are cut (their deliveries were not acknowledged,
	 * so the provider retries them).
	 */
	close(graceMs: number): Promise<void>;
}

/**
 * The gateway's HTTP side: `POST /in/<source>` for providers, `GET /healthz` (the process
 * answers), `GET /readyz` (the store answers), `GET /metrics` (Prometheus text).
 */
export async function startIngress(
	options: IngressOptions,
	host: string,
	port: number,
): Promise<RunningIngress> {
	const server = createServer((request, response) => {
		route(options, request, response).catch(() =>
			answer(response, 500, { error: { code: 'internal_error', message: 'Try again.' } }),
		);
	});
	const url = await listenOn(server, port, host);
	return {
		url,
		close: (graceMs) => closeServer(server, graceMs),
	};
}

async function route(options: IngressOptions, request: IncomingMessage, response: ServerResponse) {
	const path = (request.url ?? '/').split('?', 1)[0] ?? '/';
	if (request.method === 'GET' && path === '/healthz') return answer(response, 200, { ok: true });
	if (request.method === 'GET' && path === '/readyz') return ready(options, response);
	if (request.method === 'GET' && path === '/metrics') return metrics(options, response);
	const match = /^\/in\/([^/]+)$/.exec(path);
	if (!match) return answer(response, 404, error('not_found', 'No such route.'));
	const source = options.sources.get(decodeURIComponent(match[1] ?? ''));
	if (!source) {
		request.resume();
		return answer(response, 404, error('unknown_source', 'No source has this id.'));
	}
	if (request.method !== 'POST') {
		request.resume();
		return answer(response, 405, error('method_not_allowed', 'Deliveries are POSTed.'));
	}
	await ingress(options, source, request, response);
}

async function ingress(
	options: IngressOptions,
	source: SourceSettings,
	request: IncomingMessage,
	response: ServerResponse,
) {
	let body: Buffer;
	try {
		body = await readBody(request, options.limits.maxBytes);
	} catch (cause) {
		if (!(cause instanceof BodyTooLargeError)) throw cause;
		const outcome = {
			kind: 'refused',
			status: 413,
			code: 'payload_too_large',
			message: cause.message,
		} as const;
		await options.store.countRefused(source.id, outcome.code).catch(() => undefined);
		return finish(options, source, outcome, response, performance.now());
	}
	const started = performance.now();
	// Every value of a repeated header, so a signature sent twice is refused as ambiguous.
	const delivery = {
		headers: request.headersDistinct,
		body,
		...(source.publicUrl ? { url: withQuery(source.publicUrl, request.url) } : {}),
	};
	const outcome = await ingestDelivery(options.store, source, delivery, options.limits);
	if (outcome.kind === 'accepted' && outcome.destinations.length > 0) {
		options.onEnqueued(outcome.destinations);
	}
	finish(options, source, outcome, response, started);
}

function finish(
	options: IngressOptions,
	source: SourceSettings,
	outcome: IngestOutcome,
	response: ServerResponse,
	started: number,
) {
	const { metrics, log } = options;
	const ms = performance.now() - started;
	metrics.ackSeconds.observe({ source: source.id }, ms / 1000);
	if (outcome.kind === 'refused') {
		metrics.refused.inc({ source: source.id, code: outcome.code });
		log('refused', { source: source.id, code: outcome.code, status: outcome.status });
		const close = outcome.status === 413;
		return answer(response, outcome.status, error(outcome.code, outcome.message), close);
	}
	const duplicate = outcome.kind === 'duplicate';
	(duplicate ? metrics.duplicates : metrics.received).inc({ source: source.id });
	log(outcome.kind, {
		source: source.id,
		eventId: outcome.eventId,
		type: outcome.type,
		ms: round(ms),
	});
	answer(response, 200, {
		received: true,
		id: outcome.eventId,
		...(duplicate ? { duplicate } : {}),
	});
}

async function ready(options: IngressOptions, response: ServerResponse) {
	try {
		await options.store.ping();
		answer(response, 200, { ready: true });
	} catch {
		answer(response, 503, error('store_unavailable', 'The store does not answer.'));
	}
}

async function metrics(options: IngressOptions, response: ServerResponse) {
	const { registry } = options.metrics;
	const text = await registry.metrics();
	response.writeHead(200, { 'content-type': registry.contentType });
	response.end(text);
}

function error(code: string, message: string) {
	return { error: { code, message } };
}

function round(ms: number): number {
	return Math.round(ms * 100) / 100;
}

function answer(response: ServerResponse, status: number, body: unknown, close = false): void {
	if (response.headersSent) return;
	response.writeHead(status, {
		'content-type': 'application/json',
		...(close ? { connection: 'close' } : {}),
	});
	response.end(JSON.stringify(body));
}

function closeServer(server: Server, graceMs: number): Promise<void> {
	return new Promise((resolve) => {
		const cut = setTimeout(() => server.closeAllConnections(), graceMs).unref();
		server.close(() => {
			clearTimeout(cut);
			resolve();
		});
		// Idle keep-alive connections would hold close() open; busy ones finish their answer.
		server.closeIdleConnections();
	});
}
