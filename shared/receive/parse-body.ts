import { PayloadError } from '../errors/webhook-error';

// fatal: invalid UTF-8 is refused rather than silently turned into U+FFFD.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes and parses a JSON object body; anything else is a typed 400. */
export function parseBody(body: Buffer | string): Record<string, unknown> {
	let text: string;
	try {
		text = typeof body === 'string' ? body : utf8.decode(body);
	} catch {
		throw new PayloadError(
			'invalid_json',
			'The body is not valid UTF-8; webhook bodies must be UTF-8 JSON.',
		);
	}
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
