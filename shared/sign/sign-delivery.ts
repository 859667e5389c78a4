import { createHmac } from 'node:crypto';
import type { Profile } from '../providers/profile';
import { signingKey } from '../receive/signing-key';

export interface SignOptions {
	/** Unix seconds for schemes that sign a timestamp. */
	timestamp: number;
	/** Message id for Standard Webhooks (`webhook-id`). */
	messageId?: string;
}

/**
 * The signature headers a provider puts on a delivery (lower-case names). Used by the reference
 * provider and the demo; tests never sign with it, they sign with node:crypto directly.
 */
export function signDelivery(
	profile: Profile,
	body: string | Buffer,
	secret: string,
	options: SignOptions,
): Record<string, string> {
	const scheme = profile.signature;
	const timestamp = String(Math.floor(options.timestamp));
	const headers: Record<string, string> = {};
	let prefix = '';
	if (scheme.content === 'timestamp.body') prefix = `${timestamp}.`;
	if (scheme.content === 'id.timestamp.body') {
		const id = options.messageId ?? '';
		if (!id) throw new TypeError('signDelivery: this scheme signs a message id; pass messageId.');
		prefix = `${id}.${timestamp}.`;
		if (scheme.idHeader) headers[scheme.idHeader] = id;
	}
	if (scheme.timestampHeader) headers[scheme.timestampHeader] = timestamp;
	const digest = createHmac('sha256', signingKey(scheme, secret))
		.update(prefix)
		.update(body)
		.digest(scheme.encoding);
	headers[scheme.header] = `${scheme.prefix}${digest}`;
	return headers;
}
