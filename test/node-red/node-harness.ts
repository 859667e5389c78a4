import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { closeServer, listenOnLoopback } from '../helpers/loopback-server';

// Node-RED's runtime in-process through node-red-node-test-helper: real flows, nodes,
// credentials and context. The helper gives nodes an Express app as RED.httpNode but serves it
// nowhere, so this serves it on a loopback port, as Node-RED's own server mounts httpNode at
// httpNodeRoot. The server also keeps a copy of each request's bytes, for the independent check.

type App = (req: IncomingMessage, res: ServerResponse) => void;

export interface Helper {
	init(runtimePath: string): void;
	load(
		nodes: (RED: { httpNode: App }) => void,
		flow: object[],
		credentials: Record<string, Record<string, string>>,
	): Promise<void>;
	unload(): Promise<void>;
	getNode(id: string): {
		on(event: 'input', listener: (msg: Record<string, unknown>) => void): void;
	};
	startServer(): Promise<void>;
	stopServer(): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const helper = require('node-red-node-test-helper') as Helper;
helper.init(require.resolve('node-red'));

export interface Wire {
	headers: IncomingMessage['headers'];
	path: string;
	body: Buffer;
	status?: number;
}

export interface Served {
	url: string;
	wire: Wire[];
	/** Wraps a node module so the RED.httpNode it is given is the app this server serves. */
	serving(module: (RED: never) => void): (RED: { httpNode: App }) => void;
	close(): Promise<void>;
}

/**
 * `parseFirst`: a JSON body parser runs before httpNode, as an `httpNodeMiddleware` that parses
 * bodies would (the stream read, `req.body` an object).
 */
export async function serveHttpNode(parseFirst = false): Promise<Served> {
	let app: App | undefined;
	const wire: Wire[] = [];
	const server: Server = createServer((req, res) => {
		const seen: Wire = { headers: req.headers, path: req.url ?? '', body: Buffer.alloc(0) };
		wire.push(seen);
		req.on('data', (chunk: Buffer) => (seen.body = Buffer.concat([seen.body, chunk])));
		res.on('finish', () => (seen.status = res.statusCode));
		const handle = app;
		if (!handle) return void res.writeHead(503).end();
		if (!parseFirst) return handle(req, res);
		req.on('end', () => {
			(req as { body?: unknown }).body = JSON.parse(seen.body.toString('utf8') || '{}');
			handle(req, res);
		});
	});
	return {
		url: await listenOnLoopback(server),
		wire,
		serving: (module) => (RED) => {
			app = RED.httpNode;
			module(RED as never);
		},
		close: () => closeServer(server),
	};
}

/** Messages a flow's `helper` node receives. */
export function collect(nodeId: string): Array<Record<string, unknown>> {
	const messages: Array<Record<string, unknown>> = [];
	helper.getNode(nodeId).on('input', (msg) => messages.push(msg));
	return messages;
}

export async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline) {
		if (await check()) return;
		await new Promise((r) => setTimeout(r, 25));
	}
	throw new Error(`timed out waiting for ${what}`);
}

/** POSTs bytes to the node as a provider would (a replay or a forgery). */
export async function post(
	url: string,
	headers: IncomingMessage['headers'],
	body: Buffer | string,
) {
	const sent: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value === undefined || ['host', 'content-length', 'connection'].includes(name)) continue;
		sent[name] = Array.isArray(value) ? value.join(', ') : value;
	}
	const response = await fetch(url, { method: 'POST', headers: sent, body });
	const text = await response.text();
	let parsed: unknown = text;
	try {
		parsed = JSON.parse(text);
	} catch {
		// Express's own 404 page: kept as text
	}
	return { status: response.status, body: parsed as Record<string, unknown> };
}
