type Body = Record<string, unknown>;

/**
 * Writes a value at a dotted path of an answer, making the objects on the way. The paths come
 * from a validated profile, which refuses `__proto__`, `constructor` and `prototype` in them.
 */
export function writePath(target: Body, path: string, value: unknown): void {
	const keys = path.split('.');
	let at = target;
	for (const key of keys.slice(0, -1)) {
		const next = (at[key] ??= {});
		// Two paths of one profile that disagree (`a` holds text, `a.b` wants an object there).
		if (typeof next !== 'object' || next === null) {
			throw new Error(`The profile's answer paths collide at "${path}".`);
		}
		at = next as Body;
	}
	at[keys[keys.length - 1] ?? ''] = value;
}
