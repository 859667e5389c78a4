type Value = string | number | boolean | null;
const WHOLE = /^\{(\w+)\}$/;
const PLACEHOLDER = /\{(\w+)\}/g;
const LEFT_OUT = Symbol('left out');

/**
 * A persona's answer template (profile `persona.api`) with its placeholders filled: a string
 * that is one placeholder takes the value as it is (a number stays a number), one that contains
 * them takes their text. A member whose placeholder has no value is left out, and so is an
 * object or list left empty by that. Built with fresh own properties only, so a template's
 * keys cannot reach a prototype.
 */
export function fillTemplate(
	template: Record<string, unknown>,
	values: Record<string, Value | undefined>,
): Record<string, unknown> {
	const filled = fill(template, values);
	return filled === LEFT_OUT ? {} : (filled as Record<string, unknown>);
}

function fill(node: unknown, values: Record<string, Value | undefined>): unknown {
	if (typeof node === 'string') return fillText(node, values);
	if (Array.isArray(node)) {
		const items = node.map((item) => fill(item, values)).filter((item) => item !== LEFT_OUT);
		return items.length === 0 && node.length > 0 ? LEFT_OUT : items;
	}
	if (node && typeof node === 'object') {
		const entries = Object.entries(node)
			.map(([key, value]) => [key, fill(value, values)] as const)
			.filter(([, value]) => value !== LEFT_OUT);
		return entries.length === 0 && Object.keys(node).length > 0
			? LEFT_OUT
			: Object.fromEntries(entries);
	}
	return node;
}

function fillText(text: string, values: Record<string, Value | undefined>): unknown {
	const whole = WHOLE.exec(text)?.[1];
	if (whole !== undefined) return (Object.hasOwn(values, whole) ? values[whole] : null) ?? LEFT_OUT;
	let missing = false;
	const filled = text.replace(PLACEHOLDER, (_, name: string) => {
		const value = Object.hasOwn(values, name) ? values[name] : undefined;
		if (value === undefined || value === null) missing = true;
		return String(value ?? '');
	});
	return missing ? LEFT_OUT : filled;
}
