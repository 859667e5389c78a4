import { createHmac } from 'node:crypto';
import type { Profile, SignatureScheme } from '../providers/profile';
import { signedContent } from '../receive/signed-content';
import { signingKey } from '../receive/signing-key';

export interface SignOptions {
	/** Unix seconds for schemes that sign a timestamp. */
	timestamp: number;
	/** The value of signed headers the delivery does not have yet (Standard Webhooks' `webhook-id`). */
	messageId?: string;
	/** Headers already on the delivery (lower-case names): signed header parts are read here. */
	headers?: Readonly<Record<string, string>>;
	/** The URL the delivery is sent to, for schemes that sign it. */
	url?: string;
}

/**
 * The signature headers a provider puts on a delivery (lower-case names), from the profile's
 * scheme: the signed headers it had to fill in, the timestamp header and the signature header.
 * Used by the reference provider, the demo and relays; tests never sign with it, they sign with
 * node:crypto or the provider's own library.
 */
export function signDelivery(
	profile: Pick<Profile, 'signature'>,
	body: string | Buffer,
	secret: string,
	options: SignOptions,
): Record<string, string> {
	const scheme = profile.signature;
	const timestamp = String(Math.floor(options.timestamp));
	const added: Record<string, string> = {};
	const content = signedContent(scheme, {
		body,
		timestamp,
		header: (name) => (added[name] = signedHeaderValue(name, options)),
		url: () => {
			if (!options.url) throw new TypeError('signDelivery: this scheme signs the URL; pass url.');
			return options.url;
		},
	});
	const mac = createHmac(scheme.algorithm, signingKey(scheme, secret));
	for (const piece of content) mac.update(piece);
	const signature = `${scheme.prefix}${mac.digest(scheme.encoding)}`;
	if (scheme.timestampHeader) added[scheme.timestampHeader] = timestamp;
	added[scheme.header] = signatureHeader(scheme, signature, timestamp);
	return added;
}

function signedHeaderValue(name: string, options: SignOptions): string {
	const value = options.headers?.[name] ?? options.messageId;
	if (!value) throw new TypeError(`signDelivery: this scheme signs ${name}; pass messageId.`);
	return value;
}

function signatureHeader(scheme: SignatureScheme, signature: string, timestamp: string): string {
	if (scheme.format !== 'fields') return signature;
	const entry = `${scheme.field ?? ''}=${signature}`;
	return scheme.timestampField ? `${scheme.timestampField}=${timestamp},${entry}` : entry;
}
