// Express: express.raw() keeps the body as the exact bytes for this route only. A global
// express.json() before it would parse the body, and no re-serialised object verifies.
import express, { type Express, type Response } from 'express';
import {
	DuplicateEventError,
	forgetEvent,
	receive,
	signingSecrets,
	WebhookError,
	type NormalizedEvent,
} from '@hookbridge/core';

export function createApp(
	secret: string,
	onEvent: (event: NormalizedEvent) => Promise<void> | void,
): Express {
	const secrets = signingSecrets('standard-webhooks', [secret]);
	const app = express();
	// Any content type, and none: the signature covers the bytes whatever the sender labels them.
	const raw = express.raw({ type: () => true, limit: '1mb' });
	app.post('/webhooks', raw, async (request, response) => {
		// express.raw gives a Buffer; a request with no body leaves it undefined.
		const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
		let event: NormalizedEvent;
		try {
			event = await receive('standard-webhooks', { headers: request.headers, body }, { secrets });
		} catch (error) {
			return refuse(response, error);
		}
		try {
			await onEvent(event);
		} catch {
			// Not processed: forget it, so the provider's retry is processed instead of a duplicate.
			await forgetEvent(event);
			return void response.status(500).json({ code: 'internal_error' });
		}
		response.status(200).json({ ok: true });
	});
	return app;
}

function refuse(response: Response, error: unknown): void {
	// A retry of an event already processed: 200, so the provider stops sending it.
	if (error instanceof DuplicateEventError)
		return void response.status(200).json({ duplicate: true });
	if (error instanceof WebhookError)
		return void response.status(error.status).json({ code: error.code });
	response.status(500).json({ code: 'internal_error' });
}
