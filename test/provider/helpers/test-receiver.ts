import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { receive, WebhookError, type NormalizedEvent } from '../../../shared';
import { independentCheck } from '../../helpers/independent-check';
import { closeServer, listenOnLoopback } from '../../helpers/loopback-server';

export interface Received {
	at: number;
	path: string;
	headers: IncomingHttpHeaders;
	body: Buffer;
	/** The status this receiver answered. */
	status: number;
	/** receive() from the shared core: the event, or the refusal code. */
	event?: NormalizedEvent;
	refusal?: string;
	/** An independent check: re-signed with node:crypto exactly as the provider's docs say. */
	independentlyVerified: boolean;
}

export interface ReceiverOptions {
	provider: string;
	/** Secrets by path ('/a'); a path with none is expected to be unsigned. */
	secrets: Record<string, string | undefined>;
	/** What to answer for a verified delivery; default 200. */
	respond?: (delivery: Received, index: number) => number;
}

/**
 * A real HTTP receiver on 127.0.0.1 that checks every delivery twice: with receive() and
 * with an independent node:crypto recomputation of the documented signature.
 */
export class TestReceiver {
	readonly received: Received[] = [];
	private server: Server | undefined;
	url = '';

	constructor(private readonly options: ReceiverOptions) {}

	async start(): Promise<this> {
		this.server = createServer((request, response) => {
			const chunks: Buffer[] = [];
			request.on('data', (chunk: Buffer) => chunks.push(chunk));
			request.on('end', () => {
				void this.handle(request.url ?? '/', request.headers, Buffer.concat(chunks)).then(
					(status) => {
						response.writeHead(status, { 'content-type': 'text/plain' });
						response.end(status < 300 ? 'ok' : `refused with ${status}`);
					},
				);
			});
		});
		this.url = await listenOnLoopback(this.server);
		return this;
	}

	async stop(): Promise<void> {
		await closeServer(this.server);
	}

	setSecret(path: string, secret: string | undefined): void {
		this.options.secrets[path] = secret;
	}

	set respond(fn: (delivery: Received, index: number) => number) {
		this.options.respond = fn;
	}

	/** Waits (bounded) until `predicate` holds for what has been received. */
	async waitFor(predicate: (received: Received[]) => boolean, timeoutMs = 20_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (!predicate(this.received)) {
			if (Date.now() > deadline)
				throw new Error(
					`receiver: condition not met in ${timeoutMs} ms (${this.received.length} received)`,
				);
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
	}

	private async handle(path: string, headers: IncomingHttpHeaders, body: Buffer): Promise<number> {
		const secret = this.options.secrets[path];
		const entry: Received = {
			at: Date.now(),
			path,
			headers,
			body,
			status: 200,
			independentlyVerified: false,
		};
		try {
			entry.event = await receive(
				this.options.provider,
				{ headers, body },
				secret ? { secrets: secret, dedupe: false } : { skipVerification: true, dedupe: false },
			);
		} catch (error) {
			entry.refusal = error instanceof WebhookError ? error.code : String(error);
		}
		entry.independentlyVerified = secret
			? independentCheck(this.options.provider, headers, body, secret)
			: false;
		const index = this.received.length;
		entry.status = entry.refusal ? 401 : (this.options.respond?.(entry, index) ?? 200);
		this.received.push(entry);
		return entry.status;
	}
}
