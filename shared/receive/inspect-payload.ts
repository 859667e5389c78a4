import { PayloadError } from '../errors/webhook-error';

/** Deeper than any real webhook payload, shallow enough for every serialiser downstream. */
export const MAX_JSON_DEPTH = 64;

/**
 * Refuses parsed JSON that would hurt what comes after receive(): nesting deeper than
 * `maxDepth` (JSON.stringify, Zapier and n8n recurse and run out of stack long before JSON.parse
 * does) and integers beyond 2^53, which JSON.parse has already rounded, so ids and amounts
 * would arrive silently wrong. Iterative, so the check itself cannot overflow the stack.
 */
export function inspectPayload(value: unknown, maxDepth = MAX_JSON_DEPTH): void {
	const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
	for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
		const current = item.value;
		if (typeof current === 'number') {
			if (isUnsafeInteger(current)) throw unsafeNumber();
			continue;
		}
		if (current === null || typeof current !== 'object') continue;
		if (item.depth >= maxDepth) {
			throw new PayloadError(
				'payload_too_deep',
				`The JSON body is nested more than ${maxDepth} levels deep; no supported provider sends that.`,
			);
		}
		const children = Array.isArray(current) ? current : Object.values(current);
		for (const child of children) {
			if (child !== null && (typeof child === 'object' || typeof child === 'number'))
				stack.push({ value: child, depth: item.depth + 1 });
		}
	}
}

/**
 * An integer JSON.parse may have rounded: from 2^53 up to 1e21, the range in which integers are
 * written out in plain digits (ids, amounts in minor units). Larger magnitudes are written in
 * exponent form, floats by nature, and left alone.
 */
export function isUnsafeInteger(value: number): boolean {
	return Number.isInteger(value) && !Number.isSafeInteger(value) && Math.abs(value) < 1e21;
}

export function unsafeNumber(): PayloadError {
	return new PayloadError(
		'unsafe_number',
		'The JSON body holds an integer beyond 2^53, which JavaScript cannot represent exactly. Ask the sender to send such ids and amounts as strings.',
	);
}
