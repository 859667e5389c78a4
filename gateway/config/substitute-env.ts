export type IssuePath = (string | number)[];

/** `$${` first, so an escaped reference is never read as one; a stray `${` is reported. */
const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$\{/g;

/**
 * Replaces `${NAME}` with the environment variable NAME in every string value of parsed
 * config data (keys are left alone). Done after parsing, so a secret holding `:`, `#` or quotes
 * cannot change the document's structure; an inserted value is not scanned again. `$${` is a
 * literal `${`. Issues name the field and the variable, never a value.
 */
export function substituteEnv(
	data: unknown,
	env: NodeJS.ProcessEnv,
): { data: unknown; issues: { path: IssuePath; message: string }[] } {
	const issues: { path: IssuePath; message: string }[] = [];
	const walk = (node: unknown, path: IssuePath): unknown => {
		if (typeof node === 'string') {
			return substituteText(node, env, (message) => issues.push({ path, message }));
		}
		if (Array.isArray(node)) return node.map((item, i) => walk(item, [...path, i]));
		if (node !== null && typeof node === 'object') {
			// fromEntries defines own properties, so a `__proto__` key stays a key (and is refused).
			return Object.fromEntries(
				Object.entries(node).map(([key, value]) => [key, walk(value, [...path, key])]),
			);
		}
		return node;
	};
	return { data: walk(data, []), issues };
}

function substituteText(
	text: string,
	env: NodeJS.ProcessEnv,
	report: (message: string) => void,
): string {
	return text.replace(REFERENCE, (match, name: string | undefined) => {
		if (match === '$${') return '${';
		if (name === undefined) {
			report('"${" must start a ${NAME} reference (letters, digits, _); write $${ for a literal');
			return match;
		}
		const value = env[name];
		if (value === undefined) report(`environment variable ${name} is not set`);
		return value ?? match;
	});
}
