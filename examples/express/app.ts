// Express: express.raw() keeps the body as the exact bytes for this route only. A global
// express.json() before it would parse the body, and no re-serialised object verifies.
import express, { type Express, type Response } from 'express';
import {
	DuplicateEventError,
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
	app.post('/webhooks', express.raw({ type: '*/*', limit: '1mb' }), async (request, response) => {
		// express.raw gives a Buffer; with no body at all it leaves {}.
		const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
		try {
			await onEvent(
				await receive('standard-webhooks', { headers: request.headers, body }, { secrets }),
			);
			response.status(200).json({ ok: true });
		} catch (error) {
			refuse(response, error);
		}
	});
	return app;
}

function refuse(response: Response, error: unknown): void {
	if (error instanceof DuplicateEventError)
		return void response.status(200).json({ duplicate: true });
	if (error instanceof WebhookError)
		return void response.status(error.status).json({ code: error.code });
	response.status(500).json({ code: 'internal_error' });
}
