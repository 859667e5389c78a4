// Fastify: a content-type parser that keeps the raw Buffer, registered inside the webhook's own
// plugin so the rest of the app keeps Fastify's JSON parsing.
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
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
): FastifyInstance {
	const secrets = signingSecrets('standard-webhooks', [secret]);
	const app = Fastify({ bodyLimit: 1024 * 1024 });
	void app.register(async (scope) => {
		// Fastify's own JSON parser would win over '*' for application/json: drop it in this scope.
		scope.removeAllContentTypeParsers();
		scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) =>
			done(null, body),
		);
		scope.post('/webhooks', async (request, reply) => {
			const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
			let event: NormalizedEvent;
			try {
				event = await receive('standard-webhooks', { headers: request.headers, body }, { secrets });
			} catch (error) {
				return refuse(reply, error);
			}
			try {
				await onEvent(event);
			} catch {
				// Not processed: forget it, so the provider's retry is processed, not a duplicate.
				await forgetEvent(event);
				return reply.code(500).send({ code: 'internal_error' });
			}
			return reply.code(200).send({ ok: true });
		});
	});
	return app;
}

function refuse(reply: FastifyReply, error: unknown): FastifyReply {
	// A retry of an event already processed: 200, so the provider stops sending it.
	if (error instanceof DuplicateEventError) return reply.code(200).send({ duplicate: true });
	if (error instanceof WebhookError) return reply.code(error.status).send({ code: error.code });
	return reply.code(500).send({ code: 'internal_error' });
}
