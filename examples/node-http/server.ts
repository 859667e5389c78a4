// A plain node:http receiver: read the raw bytes (bounded), verify with @hookbridge/core, answer
// with the error's status. Copy it and swap the provider id and what onEvent does.
import { createServer, type Server, type ServerResponse } from 'node:http';
import {
	DuplicateEventError,
	receive,
	signingSecrets,
	WebhookError,
	type NormalizedEvent,
} from '@hookbridge/core';

const MAX_BYTES = 1024 * 1024;

export function createWebhookServer(
	secret: string,
	onEvent: (event: NormalizedEvent) => Promise<void> | void,
): Server {
	// Once, at start-up: a secret that cannot be a key throws invalid_secret here, not per request.
	const secrets = signingSecrets('standard-webhooks', [secret]);
	return createServer((request, response) => {
		const chunks: Buffer[] = [];
		let size = 0;
		request.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BYTES) return void request.destroy();
			chunks.push(chunk);
		});
		request.on('end', () => {
			// The exact bytes that were signed: never JSON.parse then JSON.stringify.
			const delivery = { headers: request.headers, body: Buffer.concat(chunks) };
			receive('standard-webhooks', delivery, { secrets })
				.then(onEvent)
				.then(
					() => answer(response, 200, { ok: true }),
					(error: unknown) => refuse(response, error),
				);
		});
	});
}

function refuse(response: ServerResponse, error: unknown): void {
	// A retry of an event already processed: 200, so the provider stops sending it.
	if (error instanceof DuplicateEventError) return answer(response, 200, { duplicate: true });
	if (error instanceof WebhookError) return answer(response, error.status, { code: error.code });
	// Our own failure: a 500 makes the provider retry later.
	answer(response, 500, { code: 'internal_error' });
}

function answer(response: ServerResponse, status: number, body: object): void {
	response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
