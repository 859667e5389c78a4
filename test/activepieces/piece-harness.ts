import { createServer, type Server } from 'node:http';
import { closeServer, listenOnLoopback } from '../helpers/loopback-server';

// What stands in for the Activepieces server (not run here: it needs Docker and Postgres): a
// Map-backed `context.store`, and a loopback HTTP server at the flow's webhook URL that turns
// each request into the `payload` Activepieces gives a trigger (the body parsed, the raw body
// as text, lower-case headers, the query as a record), answers 200 at once as Activepieces
// does, and hands the payload to the real trigger's `run`.

export interface Payload {
	body: unknown;
	rawBody: string;
	headers: Record<string, string>;
	queryParams: Record<string, string>;
}

export interface MapStore {
	data: Map<string, unknown>;
	put<T>(key: string, value: T): Promise<T>;
	get<T>(key: string): Promise<T | null>;
	delete(key: string): Promise<void>;
}

/** context.store as the engine gives it: values survive between calls as JSON does. */
export function mapStore(): MapStore {
	const data = new Map<string, unknown>();
	return {
		data,
		async put(key, value) {
			data.set(key, JSON.parse(JSON.stringify(value)));
			return value;
		},
		async get<T>(key: string) {
			return (data.has(key) ? structuredClone(data.get(key)) : null) as T | null;
		},
		async delete(key) {
			data.delete(key);
		},
	};
}

export interface Hook {
	url: string;
	payloads: Payload[];
	outputs: unknown[][];
	/** Runs the trigger on a payload again (a repeat, or a tampered copy). */
	run(payload: Payload): Promise<unknown[]>;
	/** Waits until `count` payloads have been run. */
	waitFor(count: number): Promise<void>;
	close(): Promise<void>;
}

/** A flow's webhook URL on loopback, running `run` on every request. */
export async function flowWebhook(run: (payload: Payload) => Promise<unknown[]>): Promise<Hook> {
	const payloads: Payload[] = [];
	const outputs: unknown[][] = [];
	const server: Server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
			const payload = payloadOf(request.headers, request.url ?? '/', Buffer.concat(chunks));
			payloads.push(payload);
			void run(payload).then(
				(output) => outputs.push(output),
				(error: unknown) => outputs.push([{ runFailed: String(error) }]),
			);
		});
	});
	const base = await listenOnLoopback(server);
	return {
		url: `${base}/api/v1/webhooks/flow0001`,
		payloads,
		outputs,
		run,
		async waitFor(count) {
			const deadline = Date.now() + 30_000;
			while (outputs.length < count && Date.now() < deadline)
				await new Promise((r) => setTimeout(r, 20));
			if (outputs.length < count) throw new Error(`${outputs.length} of ${count} runs`);
		},
		close: () => closeServer(server),
	};
}

function payloadOf(
	headers: Record<string, string | string[] | undefined>,
	url: string,
	raw: Buffer,
): Payload {
	const text = raw.toString('utf8');
	let body: unknown = text;
	try {
		body = JSON.parse(text);
	} catch {
		// not JSON: Activepieces passes the text
	}
	return {
		body,
		rawBody: text,
		headers: Object.fromEntries(
			Object.entries(headers).map(([name, value]) => [
				name,
				Array.isArray(value) ? value.join(', ') : (value ?? ''),
			]),
		),
		queryParams: Object.fromEntries(new URL(url, 'http://x').searchParams),
	};
}

/** The payload with one byte of its raw body changed: a forgery of a genuine delivery. */
export function tampered(payload: Payload): Payload {
	const at = payload.rawBody.length >> 1;
	const flipped = payload.rawBody[at] === '1' ? '2' : '1';
	return {
		...payload,
		rawBody: payload.rawBody.slice(0, at) + flipped + payload.rawBody.slice(at + 1),
	};
}
