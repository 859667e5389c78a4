// Next.js (App Router) route handler, app/webhooks/route.ts: request.arrayBuffer() is the exact
// body; request.json() or request.text() then re-encoding would not be. Node.js runtime only
// (node:crypto): the Edge runtime has no createHmac.
import { DuplicateEventError, receive, signingSecrets, WebhookError } from '@hookbridge/core';

export const runtime = 'nodejs';

// Prepared on first use, not at import: a build without the variable must not throw.
let secrets: ReturnType<typeof signingSecrets> | undefined;

export async function POST(request: Request): Promise<Response> {
	const body = Buffer.from(await request.arrayBuffer());
	const headers = Object.fromEntries(request.headers);
	try {
		// A missing or unusable WEBHOOK_SECRET is a WebhookError too (missing_secret, invalid_secret).
		secrets ??= signingSecrets('standard-webhooks', [process.env.WEBHOOK_SECRET ?? '']);
		const event = await receive('standard-webhooks', { headers, body }, { secrets });
		// ... hand the event to your queue or job here ...
		return Response.json({ ok: true, id: event.id });
	} catch (error) {
		if (error instanceof DuplicateEventError) return Response.json({ duplicate: true });
		if (error instanceof WebhookError)
			return Response.json({ code: error.code }, { status: error.status });
		return Response.json({ code: 'internal_error' }, { status: 500 });
	}
}
