import { BodyTooLargeError, readBody } from '../../cli/http/read-body';
import { PayloadTooLargeError, WebhookError } from '../../shared/errors/webhook-error';
import type { Profile } from '../../shared/providers/profile';
import { rememberKey } from '../../shared/receive/remember-key';
import { DEFAULT_MAX_BYTES, dedupeKey, verifyDelivery } from '../../shared/receive/receive';
import { withQuery } from '../../shared/receive/signs-url';
import type { NormalizedEvent } from '../../shared/receive/types';
import { eventsOf } from './hook-lifecycle';
import type { CapturedRequest } from './raw-body-capture';
import type { Handler, NodeConfig, NodeRedNode, Request, Response } from './node-red-types';

const SEEN = 'hookbridge_seen';

interface Verifying {
	/** The URL the provider calls, for URL-signing schemes. */
	hookUrl: string | undefined;
	secrets: () => string[];
}

/**
 * The node's route: 401 for a forgery, 413 for a body over 1 MiB, 400 for one that is not the
 * provider's format, 200 and no message for a repeat or an unselected event, 200 and a message
 * for a new verified event. Nothing refused reaches the flow; no secret reaches a log.
 */
export function deliveryHandler(
	node: NodeRedNode,
	profile: Profile,
	config: NodeConfig,
	verifying: Verifying,
): Handler {
	const wanted = eventsOf(config);
	return (req: CapturedRequest, res) => {
		if (req.hookbridgeTooLarge)
			return refuse(node, res, new PayloadTooLargeError(DEFAULT_MAX_BYTES));
		const captured = req.hookbridgeRawBody;
		if (!captured && req.body !== undefined) {
			// Something before the node (an httpNodeMiddleware) parsed the body: the bytes the
			// provider signed are gone, so nothing can be verified. Said plainly, not guessed at.
			node.error(
				'a body parser ran before this node (httpNodeMiddleware): nothing can be verified',
			);
			res.status(500).json({ error: { code: 'raw_body_unavailable' } });
			return;
		}
		// Served by Node-RED, the raw body was captured ahead of its parsers (raw-body-capture.ts);
		// an httpNode served on its own (the test helper) hands the route the unread stream.
		(captured ? Promise.resolve(captured) : readBody(req, DEFAULT_MAX_BYTES))
			.then(
				(body) => deliver(node, profile, config, wanted, verifying, req, res, body),
				(error: unknown) => {
					if (!(error instanceof BodyTooLargeError)) throw error;
					refuse(node, res, new PayloadTooLargeError(DEFAULT_MAX_BYTES));
				},
			)
			.catch((error: unknown) => {
				node.error(`delivery failed: ${(error as Error).message}`);
				if (!res.headersSent) res.status(500).json({ error: { code: 'internal_error' } });
			});
	};
}

function deliver(
	node: NodeRedNode,
	profile: Profile,
	config: NodeConfig,
	wanted: string[],
	verifying: Verifying,
	req: Request,
	res: Response,
	body: Buffer,
): void {
	let event: NormalizedEvent;
	try {
		event = verifyDelivery(
			profile,
			{
				// Every value of a repeated header, so a doubled signature header is refused as ambiguous.
				headers: req.headersDistinct ?? req.headers,
				body,
				...(verifying.hookUrl
					? { url: withQuery(verifying.hookUrl, req.originalUrl ?? req.url) }
					: {}),
			},
			{ secrets: verifying.secrets() },
		);
	} catch (error) {
		if (error instanceof WebhookError) return refuse(node, res, error);
		throw error;
	}
	// Genuine again: a refusal's red status does not outlast it.
	node.status({ fill: 'green', shape: 'dot', text: `verified ${event.type}` });
	// The dashboard's "Send test" always comes through, so users see their setup work.
	if (!profile.api && !event.test && wanted.length > 0 && !wanted.includes(event.type)) {
		res.status(200).json({ received: true, ignored: 'event type not selected' });
		return;
	}
	if (config.ignoreDuplicates !== false && seenBefore(node, profile, event)) {
		res.status(200).json({ received: true, duplicate: true });
		return;
	}
	res.status(200).json({ received: true });
	node.send({ payload: config.dataOnly ? event.data : event, topic: event.type, event: event.id });
}

/** The node's context keeps recent keys (in memory, or on disk where a context store persists). */
function seenBefore(node: NodeRedNode, profile: Profile, event: NormalizedEvent): boolean {
	const keys = (node.context().get(SEEN) as Record<string, number> | undefined) ?? {};
	const seen = rememberKey(keys, dedupeKey(event), profile.delivery.retryWindowSeconds, Date.now());
	node.context().set(SEEN, keys);
	return seen;
}

function refuse(node: NodeRedNode, res: Response, error: WebhookError): void {
	node.status({ fill: 'red', shape: 'ring', text: error.code });
	node.warn(`delivery refused: ${error.code}`);
	res.status(error.status).json({ error: error.toJSON() });
}
