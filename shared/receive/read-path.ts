const segments = new Map<string, string[]>();

/** Reads a dotted path (`data.subscription._id`) from parsed JSON; own properties only. */
export function readPath(value: unknown, path: string): unknown {
	// Most envelope paths are one top-level key: no split, no lookup.
	if (!path.includes('.')) {
		if (value === null || typeof value !== 'object' || !Object.hasOwn(value, path))
			return undefined;
		return (value as Record<string, unknown>)[path];
	}
	let keys = segments.get(path);
	if (!keys) {
		// Paths come from profiles: a handful, split once.
		keys = path.split('.');
		if (segments.size < 1000) segments.set(path, keys);
	}
	let current = value;
	for (const key of keys) {
		if (current === null || typeof current !== 'object') return undefined;
		if (!Object.hasOwn(current, key)) return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}
