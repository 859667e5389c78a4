import { createHash, createHmac } from 'node:crypto';

// Signs deliveries exactly as each provider's docs describe, with node:crypto directly and
// never with hookbridge's own signer, so the receiver is checked against the documents.

export interface SignedDelivery {
	headers: Record<string, string>;
	body: string | Buffer;
	/** The URL the delivery was sent to, for schemes that sign it (Twilio). */
	url?: string;
}

export interface SignOptions {
	/** Unix seconds for timestamped schemes. */
	timestamp?: number;
	/** Standard Webhooks message id. */
	messageId?: string;
	/** InboundFlow's docs sample: sign `timestamp.JSON.stringify(JSON.parse(body))`. */
	compact?: boolean;
	/** Twilio: the URL a form delivery was sent to (signed with its sorted parameters). */
	url?: string;
}

const hmac = (key: string | Buffer, data: string | Buffer, algorithm = 'sha256') =>
	createHmac(algorithm, key).update(data);

/** Where the test Twilio deliveries are sent: Twilio signs the URL it calls. */
export const TWILIO_TEST_URL = 'https://hooks.example.com/twilio/status';

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
			return signedByKnownProvider(provider, body, bytes, secret, ts, options);
	}
}

/** The providers hookbridge ships profiles for, each as its own docs sign (SDK suites: test/shared/providers). */
function signedByKnownProvider(
	provider: string,
	body: string | Buffer,
	bytes: Buffer,
	secret: string,
	ts: string,
	options: SignOptions,
): SignedDelivery {
	const join = (...parts: (string | Buffer)[]) =>
		Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : part)));
	switch (provider) {
		case 'github':
			return {
				body,
				headers: { 'x-hub-signature-256': `sha256=${hmac(secret, bytes).digest('hex')}` },
			};
		case 'stripe':
			return {
				body,
				headers: {
					'stripe-signature': `t=${ts},v1=${hmac(secret, join(`${ts}.`, bytes)).digest('hex')}`,
				},
			};
		case 'shopify':
			return { body, headers: { 'x-shopify-hmac-sha256': hmac(secret, bytes).digest('base64') } };
		case 'slack':
			return {
				body,
				headers: {
					'x-slack-request-timestamp': ts,
					'x-slack-signature': `v0=${hmac(secret, join(`v0:${ts}:`, bytes)).digest('hex')}`,
				},
			};
		case 'svix': {
			const id = options.messageId ?? 'msg_2mYQk3bU8rWq';
			const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
			return {
				body,
				headers: {
					'svix-id': id,
					'svix-timestamp': ts,
					'svix-signature': `v1,${hmac(key, join(`${id}.${ts}.`, bytes)).digest('base64')}`,
				},
			};
		}
		case 'twilio': {
			if (options.url !== undefined) {
				// Twilio's form deliveries: the URL, then each parameter name and value, sorted by name.
				const params = new URLSearchParams(bytes.toString('utf8'));
				const names = [...new Set(params.keys())].sort();
				const signed = names.reduce(
					(text, name) =>
						text +
						[...new Set(params.getAll(name))]
							.sort()
							.map((v) => name + v)
							.join(''),
					options.url,
				);
				return {
					body,
					url: options.url,
					headers: { 'x-twilio-signature': hmac(secret, signed, 'sha1').digest('base64') },
				};
			}
			// Twilio's JSON form: the URL carries the body's SHA-256, and only the URL is signed.
			const hash = createHash('sha256').update(bytes).digest('hex');
			const url = `${TWILIO_TEST_URL}?bodySHA256=${hash}`;
			return {
				body,
				url,
				headers: {
					'content-type': 'application/json',
					'x-twilio-signature': hmac(secret, url, 'sha1').digest('base64'),
				},
			};
		}
		default:
			throw new Error(`signedDelivery: no scheme for ${provider}`);
	}
}

/** A secret in each provider's own format. */
export function secretFor(provider: string, seed = 'a'): string {
	if (provider === 'standard-webhooks' || provider === 'velaflows' || provider === 'svix') {
		return `whsec_${Buffer.alloc(32, seed).toString('base64')}`;
	}
	// Stripe's secrets look like whsec_ and are used whole, as text.
	if (provider === 'stripe') return `whsec_${seed.repeat(32)}`;
	return seed.repeat(64);
}

// URL-signing profiles (Twilio) are left to their own SDK-signed suites: the generic suites
// post bodies with headers alone.
export { signsUrl } from '../../shared';
