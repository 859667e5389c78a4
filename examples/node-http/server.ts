// A plain node:http receiver: read the raw bytes (bounded), verify with @hookbridge/core, answer
// with the error's status. Copy it and swap the provider id and what onEvent does.
import {
	createServer,
	type IncomingHttpHeaders,
	type Server,
	type ServerResponse,
} from 'node:http';
import {
	DuplicateEventError,
	forgetEvent,
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
			// Past the limit nothing more is kept; the request is answered 413 once it has ended.
			if (size <= MAX_BYTES) chunks.push(chunk);
		});
		request.on('end', () => {
			if (size > MAX_BYTES) return answer(response, 413, { code: 'payload_too_large' });
			// The exact bytes that were signed: never JSON.parse then JSON.stringify.
			const delivery = { headers: request.headers, body: Buffer.concat(chunks) };
			void handle(delivery, secrets, onEvent, response);
		});
	});
}

async function handle(
	delivery: { headers: IncomingHttpHeaders; body: Buffer },
	secrets: ReturnType<typeof signingSecrets>,
	onEvent: (event: NormalizedEvent) => Promise<void> | void,
	response: ServerResponse,
): Promise<void> {
	let event: NormalizedEvent;
	try {
		event = await receive('standard-webhooks', delivery, { secrets });
	} catch (error) {
		// A retry of an event already processed: 200, so the provider stops sending it.
		if (error instanceof DuplicateEventError) return answer(response, 200, { duplicate: true });
		if (error instanceof WebhookError) return answer(response, error.status, { code: error.code });
		return answer(response, 500, { code: 'internal_error' });
	}
	try {
		await onEvent(event);
	} catch {
		// Not processed: forget it, so the provider's retry is processed instead of a duplicate.
		await forgetEvent(event);
		return answer(response, 500, { code: 'internal_error' });
	}
	answer(response, 200, { ok: true });
}

function answer(response: ServerResponse, status: number, body: object): void {
	response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
