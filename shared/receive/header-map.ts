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
	const add = (rawName: string, value: unknown): void => {
		if (value === undefined || value === null) return;
		let name = rawName.toLowerCase();
		if (name.startsWith(ZAPIER_PREFIX)) name = name.slice(ZAPIER_PREFIX.length);
		const values = Array.isArray(value) ? value.map(String) : [String(value)];
		const existing = map.get(name);
		if (existing) existing.push(...values);
		else map.set(name, values);
	};
	if (isIterable(input)) {
		for (const pair of input) add(pair[0], pair[1]);
	} else {
		for (const name of Object.keys(input)) add(name, input[name]);
	}
	return map;
}

/** The header's value when sent once; undefined when absent, every value joined if repeated. */
export function headerValue(headers: HeaderMap, name: string): string | undefined {
	const values = headers.get(name);
	return values === undefined ? undefined : values.join(', ');
}

function isIterable(value: object): value is Iterable<readonly [string, string]> {
	return typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
}
