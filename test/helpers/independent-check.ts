import type { IncomingHttpHeaders } from 'node:http';
import { signedDelivery } from './signed-delivery';

// The oracle for what a provider actually sent: the signature headers recomputed with node:crypto
// (test/helpers/signed-delivery.ts, written from the providers' docs) over the raw body bytes a
// receiver got, never hookbridge's own signer or verifier.

/**
 * True when `headers` carry exactly the signature `provider`'s docs prescribe for `body` (the raw
 * bytes as received) and `secret`: velaflows `x-webhook-signature: sha256=<hex>`, vellocity
 * `x-vellocity-signature: sha256=<hex>`, flowella `x-flowella-signature: <hex>` (all over the
 * raw body, key = the secret's UTF-8 bytes); inboundflow `x-inboundflow-signature: sha256=<hex>`
 * over `${x-inboundflow-timestamp}.${body}`; standard-webhooks `webhook-signature: v1,<base64>`
 * over `${webhook-id}.${webhook-timestamp}.${body}`, key = base64 of the part after `whsec_`.
 */
export function independentCheck(
	provider: string,
	headers: IncomingHttpHeaders,
	body: Buffer,
	secret: string,
	url?: string,
): boolean {
	const one = (name: string) => {
		const value = headers[name];
		return Array.isArray(value) ? value[0] : value;
	};
	// Where each scheme sends the signed timestamp (Stripe's is the t= field of its header).
	const timestamp =
		one('x-inboundflow-timestamp') ??
		one('webhook-timestamp') ??
		one('svix-timestamp') ??
		one('x-slack-request-timestamp') ??
		/^t=(\d+),/.exec(one('stripe-signature') ?? '')?.[1];
	const expected = signedDelivery(provider, body, secret, {
		timestamp: Number(timestamp ?? 0),
		messageId: one('webhook-id') ?? one('svix-id'),
		...(url === undefined ? {} : { url }),
	}).headers;
	return Object.entries(expected).every(([name, value]) => one(name) === value);
}

/**
 * independentCheck on a captured delivery, and on two corruptions of it that it must refuse (so
 * every run shows the check can fail): one bit of the body flipped, and a secret one character
 * off. A correctly signed delivery gives `{ genuine: true, tamperedBody: false, otherSecret: false }`.
 */
export function independentVerdicts(
	provider: string,
	delivery: { headers: IncomingHttpHeaders; body: Buffer },
	secret: string,
	/** The URL the delivery was sent to, for schemes that sign it (Twilio). */
	url?: string,
): { genuine: boolean; tamperedBody: boolean; otherSecret: boolean } {
	const tampered = Buffer.from(delivery.body.length > 0 ? delivery.body : ' ');
	if (delivery.body.length > 0)
		tampered[tampered.length >> 1] = (tampered[tampered.length >> 1] ?? 0) ^ 0x01;
	// Past a `whsec_` prefix, so the key bytes change whichever way the scheme derives them.
	const at = secret.startsWith('whsec_') ? 6 : 0;
	const other = `${secret.slice(0, at)}${secret[at] === 'A' ? 'B' : 'A'}${secret.slice(at + 1)}`;
	return {
		genuine: independentCheck(provider, delivery.headers, delivery.body, secret, url),
		tamperedBody: independentCheck(provider, delivery.headers, tampered, secret, url),
		otherSecret: independentCheck(provider, delivery.headers, delivery.body, other, url),
	};
}
