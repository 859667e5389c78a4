/** Headers as any platform hands them over. */
export type HeaderInput =
	| Readonly<Record<string, string | readonly string[] | number | null | undefined>>
	| Iterable<readonly [string, string]>;

/** Lower-case header name → every value it was sent with. */
export type HeaderMap = Map<string, string[]>;

const ZAPIER_PREFIX = 'http-';

/**
 * One shape for every header source: Node's lower-case object (arrays for repeats), Zapier's
 * `Http-X-Foo` Camel-Case names in `bundle.rawRequest.headers`, fetch `Headers` and pair lists.
 * Repeated names keep every value, so a verifier can refuse ambiguity instead of picking one.
 */
export function normalizeHeaders(input: HeaderInput | undefined | null): HeaderMap {
	const map: HeaderMap = new Map();
	if (!input) return map;
	if (isIterable(input)) {
		for (const pair of input) add(map, pair[0], pair[1]);
	} else {
		for (const name of Object.keys(input)) add(map, name, input[name]);
	}
	return map;
}

/** Normalised names by name as sent: a receiver sees the same few names on every delivery. */
const names = new Map<string, string>();

function add(map: HeaderMap, rawName: string, value: unknown): void {
	if (value === undefined || value === null) return;
	let name = names.get(rawName);
	if (name === undefined) {
		name = rawName.toLowerCase();
		if (name.startsWith(ZAPIER_PREFIX)) name = name.slice(ZAPIER_PREFIX.length);
		if (names.size < 1024) names.set(rawName, name);
	}
	const existing = map.get(name);
	if (Array.isArray(value)) {
		if (existing) for (const v of value) existing.push(String(v));
		else map.set(name, value.map(String));
	} else if (existing) existing.push(String(value));
	else map.set(name, [typeof value === 'string' ? value : String(value)]);
}

/** The header's value when sent once; undefined when absent, every value joined if repeated. */
export function headerValue(headers: HeaderMap, name: string): string | undefined {
	const values = headers.get(name);
	if (values === undefined) return undefined;
	// Nearly always sent once: no join, no new string.
	return values.length === 1 ? values[0] : values.join(', ');
}

function isIterable(value: object): value is Iterable<readonly [string, string]> {
	return typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
}
