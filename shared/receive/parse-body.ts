import { isUtf8 } from 'node:buffer';
import { PayloadError } from '../errors/webhook-error';

/** Decodes and parses a JSON object body; anything else is a typed 400. */
export function parseBody(body: Buffer | string): Record<string, unknown> {
	// Invalid UTF-8 is refused rather than silently turned into U+FFFD. Checking first and then
	// decoding is cheaper than a fatal TextDecoder, most of all on large bodies.
	if (typeof body !== 'string' && !isUtf8(body)) {
		throw new PayloadError(
			'invalid_json',
			'The body is not valid UTF-8; webhook bodies must be UTF-8 JSON.',
		);
	}
	let text = typeof body === 'string' ? body : body.toString('utf8');
	// A byte-order mark is dropped, as a TextDecoder would: some senders write one.
	if (typeof body !== 'string' && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		throw new PayloadError(
			'invalid_json',
			'The body is not valid JSON. Check that the sender posts application/json.',
		);
	}
	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		throw new PayloadError(
			'invalid_payload',
			'The body must be a JSON object, as every supported provider sends.',
		);
	}
	return value as Record<string, unknown>;
}
