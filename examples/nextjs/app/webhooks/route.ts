// Next.js (App Router) route handler, app/webhooks/route.ts: the body read as bytes from the
// request's stream (bounded); request.json() or request.text() then re-encoding would not be the
// signed bytes. Node.js runtime only (node:crypto): the Edge runtime has no createHmac.
import {
	DuplicateEventError,
	forgetEvent,
	receive,
	signingSecrets,
	WebhookError,
	type NormalizedEvent,
} from '@hookbridge/core';

export const runtime = 'nodejs';

const MAX_BYTES = 1024 * 1024;

// Prepared on first use, not at import: a build without the variable must not throw.
let secrets: ReturnType<typeof signingSecrets> | undefined;

/** Your processing: hand the event to a queue or a job. Throwing makes the provider retry. */
async function process(event: NormalizedEvent): Promise<void> {
	void event;
}

export async function POST(request: Request): Promise<Response> {
	const body = await readBounded(request);
	if (body === undefined) return Response.json({ code: 'payload_too_large' }, { status: 413 });
	let event: NormalizedEvent;
	try {
		// A missing or unusable WEBHOOK_SECRET is a WebhookError too (missing_secret, invalid_secret).
		secrets ??= signingSecrets('standard-webhooks', [globalThis.process.env.WEBHOOK_SECRET ?? '']);
		const headers = Object.fromEntries(request.headers);
		event = await receive('standard-webhooks', { headers, body }, { secrets });
	} catch (error) {
		// A retry of an event already processed: 200, so the provider stops sending it.
		if (error instanceof DuplicateEventError) return Response.json({ duplicate: true });
		if (error instanceof WebhookError)
			return Response.json({ code: error.code }, { status: error.status });
		return Response.json({ code: 'internal_error' }, { status: 500 });
	}
	try {
		await process(event);
	} catch {
		// Not processed: forget it, so the provider's retry is processed instead of a duplicate.
		await forgetEvent(event);
		return Response.json({ code: 'internal_error' }, { status: 500 });
	}
	return Response.json({ ok: true, id: event.id });
}

/** The body's bytes, or undefined past MAX_BYTES (the rest is not read). */
async function readBounded(request: Request): Promise<Buffer | undefined> {
	if (request.body === null) return Buffer.alloc(0);
	const chunks: Uint8Array[] = [];
	let size = 0;
	for await (const chunk of request.body) {
		size += chunk.byteLength;
		if (size > MAX_BYTES) return undefined;
		chunks.push(chunk);
	}
	return Buffer.concat(chunks);
}
