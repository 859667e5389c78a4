import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import {
	type DedupeStore,
	DEFAULT_MAX_BYTES,
	DuplicateEventError,
	forgetEvent,
	MemoryDedupeStore,
	type NormalizedEvent,
	PayloadTooLargeError,
	type Profile,
	receive,
	secretsPreparer,
	type SigningSecrets,
	WebhookError,
} from '@hookbridge/core';
import { listenOn } from '../http/listen-on';
import { readBody } from '../http/read-body';
import { forwardEvent, type ForwardOptions, type ForwardResult } from './forward-event';

export type ListenOutcome =
	| { kind: 'accepted'; event: NormalizedEvent; forward?: ForwardResult; status: number }
	| { kind: 'duplicate'; event: NormalizedEvent; status: number }
	| { kind: 'refused'; code: string; message: string; status: number };

export interface ListenerOptions {
	profile: Profile;
	secrets: string[];
	maxBytes?: number;
	toleranceSeconds?: number;
	forward?: ForwardOptions;
	dedupe?: DedupeStore;
	/** Called once per delivery with what happened (printing, counting). */
	onOutcome?: (outcome: ListenOutcome) => void;
	/**
	 * The origin the provider calls (scheme and host, behind a proxy the public one): with the
	 * request's path and query it is the URL that URL-signing schemes sign.
	 */
	publicOrigin?: string;
	/** Demo hook: answer this status before reading anything (the receiver is "down"). */
	down?: () => number | undefined;
	/** Demo hook: answer this status after processing (the answer is "lost" on the way back). */
	answerAfter?: (event: NormalizedEvent) => number | undefined;
}

export interface RunningListener {
	url: string;
	close(): Promise<void>;
}

/**
 * A local webhook receiver: verifies each delivery with receive(), answers the provider
 * with the right status (duplicates get 200 so it stops retrying), and optionally relays the
 * event. When the relay fails the event is forgotten and the provider gets a 502, so its own
 * durable retry brings the event back: nothing is acknowledged that was not delivered.
 */
export async function startListener(
	options: ListenerOptions,
	port: number,
	host: string,
): Promise<RunningListener> {
	const dedupe = options.dedupe ?? new MemoryDedupeStore();
	// Keys made once, not per delivery (measured in bench/receive.mjs); a list that changes
	// (the demo fills it after starting) is read again.
	const prepare = secretsPreparer(options.profile);
	const keys = () => prepare(options.secrets);
	const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
	const server = createServer((request, response) => {
		const early = options.down?.();
		if (early !== undefined)
			return void request
				.resume()
				.on('end', () =>
					answer(response, early, { error: { code: 'unavailable', message: 'Receiver is down.' } }),
				);
		readBody(request, maxBytes).then(
			(body) =>
				handle(options, keys, dedupe, request, body).then(
					(outcome) => {
						options.onOutcome?.(outcome);
						answer(response, outcome.status, outcomeBody(outcome));
					},
					// Unexpected: the provider retries, so nothing is lost.
					() => answer(response, 500, { error: { code: 'internal_error', message: 'Try again.' } }),
				),
			() => {
				const error = new PayloadTooLargeError(maxBytes);
				const outcome: ListenOutcome = {
					kind: 'refused',
					code: error.code,
					message: error.message,
					status: 413,
				};
				options.onOutcome?.(outcome);
				answer(response, 413, outcomeBody(outcome), true);
			},
		);
	});
	const url = await listenOn(server, port, host);
	return {
		url,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

async function handle(
	options: ListenerOptions,
	keys: () => SigningSecrets,
	dedupe: DedupeStore,
	request: IncomingMessage,
	body: Buffer,
): Promise<ListenOutcome> {
	let event: NormalizedEvent;
	try {
		event = await receive(
			options.profile,
			// Every value of a repeated header, not Node's comma-joined form: a signature header
			// sent twice is refused as ambiguous instead of being read as one odd value.
			{ headers: request.headersDistinct, body, url: calledUrl(options, request) },
			{
				secrets: keys(),
				dedupe,
				// Printed and forwarded as JSON: refuse what would not survive JSON.stringify.
				strictJson: true,
				...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
				...(options.toleranceSeconds === undefined
					? {}
					: { toleranceSeconds: options.toleranceSeconds }),
			},
		);
	} catch (error) {
		if (error instanceof DuplicateEventError)
			return { kind: 'duplicate', event: error.event as NormalizedEvent, status: 200 };
		if (error instanceof WebhookError)
			return { kind: 'refused', code: error.code, message: error.message, status: error.status };
		throw error;
	}
	if (!options.forward)
		return { kind: 'accepted', event, status: options.answerAfter?.(event) ?? 200 };
	const forward = await forwardEvent(event, options.forward);
	if (!forward.ok) {
		await forgetEvent(event, { dedupe });
		return { kind: 'accepted', event, forward, status: 502 };
	}
	return { kind: 'accepted', event, forward, status: options.answerAfter?.(event) ?? 200 };
}

function outcomeBody(outcome: ListenOutcome): unknown {
	if (outcome.kind === 'refused')
		return { error: { code: outcome.code, message: outcome.message } };
	if (outcome.kind === 'duplicate')
		return { received: true, duplicate: true, id: outcome.event.id };
	if (outcome.status >= 300)
		return {
			error: { code: 'forward_failed', message: 'The event could not be relayed; retry later.' },
		};
	return { received: true, id: outcome.event.id };
}

function answer(response: ServerResponse, status: number, body: unknown, close = false): void {
	response.writeHead(status, {
		'content-type': 'application/json',
		...(close ? { connection: 'close' } : {}),
	});
	response.end(JSON.stringify(body));
}

/** The URL the provider called: the public origin (else the Host it called) and the path. */
function calledUrl(options: ListenerOptions, request: IncomingMessage): string {
	const origin = options.publicOrigin ?? `http://${request.headers.host ?? '127.0.0.1'}`;
	return `${origin}${request.url ?? '/'}`;
}
