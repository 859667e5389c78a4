import { createHmac } from 'node:crypto';

// Signs deliveries exactly as each provider's docs describe, with node:crypto directly and
// never with hookbridge's own signer, so the receiver is checked against the documents.

export interface SignedDelivery {
	headers: Record<string, string>;
	body: string | Buffer;
}

export interface SignOptions {
	/** Unix seconds for timestamped schemes. */
	timestamp?: number;
	/** Standard Webhooks message id. */
	messageId?: string;
	/** InboundFlow's docs sample: sign `timestamp.JSON.stringify(JSON.parse(body))`. */
	compact?: boolean;
}

const hmac = (key: string | Buffer, data: string | Buffer) =>
	createHmac('sha256', key).update(data);

export const NOW_SECONDS = 1_772_000_000; // 2026-02-25T06:13:20Z, inside the samples' era

export function signedDelivery(
	provider: string,
	body: string | Buffer,
	secret: string,
	options: SignOptions = {},
): SignedDelivery {
	const ts = String(options.timestamp ?? NOW_SECONDS);
	const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
	switch (provider) {
		case 'velaflows':
			return {
				body,
				headers: { 'x-webhook-signature': `sha256=${hmac(secret, bytes).digest('hex')}` },
			};
		case 'vellocity':
			return {
				body,
				headers: { 'x-vellocity-signature': `sha256=${hmac(secret, bytes).digest('hex')}` },
			};
		case 'flowella':
			return { body, headers: { 'x-flowella-signature': hmac(secret, bytes).digest('hex') } };
		case 'inboundflow': {
			const signed = options.compact
				? `${ts}.${JSON.stringify(JSON.parse(bytes.toString('utf8')))}`
				: Buffer.concat([Buffer.from(`${ts}.`), bytes]);
			return {
				body,
				headers: {
					'x-inboundflow-timestamp': ts,
					'x-inboundflow-signature': `sha256=${hmac(secret, signed).digest('hex')}`,
				},
			};
		}
		case 'standard-webhooks': {
			const id = options.messageId ?? 'msg_2mYQk3bU8rWq';
			const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
			const signed = Buffer.concat([Buffer.from(`${id}.${ts}.`), bytes]);
			return {
				body,
				headers: {
					'webhook-id': id,
					'webhook-timestamp': ts,
					'webhook-signature': `v1,${hmac(key, signed).digest('base64')}`,
				},
			};
		}
		default:
			throw new Error(`signedDelivery: no scheme for ${provider}`);
	}
}

/** A secret in each provider's own format. */
export function secretFor(provider: string, seed = 'a'): string {
	if (provider === 'standard-webhooks' || provider === 'velaflows') {
		return `whsec_${Buffer.alloc(32, seed).toString('base64')}`;
	}
	return seed.repeat(64);
}
