import { createHmac } from 'node:crypto';
import type { Profile, SignatureScheme } from '../providers/profile';
import { signedContent } from '../receive/signed-content';
import { signingKey } from '../receive/signing-key';

export interface SignOptions {
	/** Unix seconds for schemes that sign a timestamp. */
	timestamp: number;
	/** The message id, for a signed header the profile reads the event id from (`webhook-id`). */
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
	profile: Pick<Profile, 'signature' | 'envelope'>,
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
		header: (name) => (added[name] = signedHeaderValue(profile, name, options)),
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

function signedHeaderValue(
	profile: Pick<Profile, 'envelope'>,
	name: string,
	options: SignOptions,
): string {
	// The message id stands in only for the header that carries the event id; any other signed
	// header must be given, or the signature would cover a value the delivery does not send.
	const carriesId = profile.envelope.id.some((l) => 'header' in l && l.header === name);
	const value = options.headers?.[name] ?? (carriesId ? options.messageId : undefined);
	if (!value) throw new TypeError(`signDelivery: this scheme signs ${name}; pass it in headers.`);
	return value;
}

function signatureHeader(scheme: SignatureScheme, signature: string, timestamp: string): string {
	if (scheme.format !== 'fields') return signature;
	const entry = `${scheme.field ?? ''}=${signature}`;
	return scheme.timestampField ? `${scheme.timestampField}=${timestamp},${entry}` : entry;
}
