/** A parsed JSON value, as the files of an app hold. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** The JSON pointer (RFC 6901) of these keys, as ajv writes instance paths. */
export const pointer = (...segments: string[]) =>
	segments.map((s) => `/${s.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

/** The value at a JSON pointer, or undefined where there is none. */
export function valueAt(value: Json, at: string): Json | undefined {
	let here: Json | undefined = value;
	for (const segment of at.split('/').slice(1)) {
		const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
		here = isObject(here) || Array.isArray(here) ? (here as Record<string, Json>)[key] : undefined;
	}
	return here;
}
