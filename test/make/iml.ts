import { createHash, createHmac, randomUUID } from 'node:crypto';

// A small evaluator for the subset of Make's IML the generated apps use: `{{…}}` templates with
// paths (dots, 1-based array indexes, `backtick` keys), string and number literals, `+`,
// comparisons, `||`, `&&`, and the functions ifempty, sha256 and toString; the variable uuid.
// Make's cloud cannot run here: this stands in for it in tests, for these files only.
//
// ASSUMPTION, not checked against Make (see the live checklist in make/README.md): IML's
// toString() of a collection, and a collection in `+` or a template, is JSON.stringify of it,
// byte for byte: compact, keys in the order the body arrived in, `/` and non-ASCII left
// unescaped, numbers in JavaScript's shortest form; sha256() hashes its text as UTF-8. The
// generated InboundFlow app's signature check (sha256(timestamp + "." + toString(body)) over the
// parsed body) rests on the same assumption, so these tests can only confirm the app under it;
// test/make/make-e2e.test.ts names it in its InboundFlow tests and pins what follows from it.

export type Scope = Record<string, unknown>;

export function evaluate(value: unknown, scope: Scope): unknown {
	if (Array.isArray(value)) return value.map((v) => evaluate(v, scope));
	if (value && typeof value === 'object')
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluate(v, scope)]));
	if (typeof value !== 'string') return value;
	const whole = /^\{\{([\s\S]*)\}\}$/.exec(value);
	if (whole && !whole[1]?.includes('{{')) return expression(whole[1] ?? '', scope);
	return value.replace(/\{\{([\s\S]*?)\}\}/g, (_, expr: string) => text(expression(expr, scope)));
}

/** toString() in this evaluator: JSON.stringify for collections (the assumption above). */
function text(value: unknown): string {
	if (value === undefined || value === null) return '';
	return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

type Token = { kind: 'num' | 'str' | 'id' | 'op'; value: string };

function tokenize(source: string): Token[] {
	const tokens: Token[] = [];
	const re =
		/\s*(?:(\d+(?:\.\d+)?)|"((?:[^"\\]|\\.)*)"|(==|!=|<=|>=|\|\||&&|[-+<>();.])|(`[^`]*`|[A-Za-z_$][\w$]*))/y;
	let match: RegExpExecArray | null;
	while (re.lastIndex < source.length && (match = re.exec(source))) {
		if (match[1] !== undefined) tokens.push({ kind: 'num', value: match[1] });
		else if (match[2] !== undefined)
			tokens.push({ kind: 'str', value: match[2].replace(/\\(.)/g, '$1') });
		else if (match[3] !== undefined) tokens.push({ kind: 'op', value: match[3] });
		else if (match[4] !== undefined)
			tokens.push({ kind: 'id', value: match[4].replace(/^`|`$/g, '') });
		if (/^\s*$/.test(source.slice(re.lastIndex))) break;
	}
	return tokens;
}

function expression(source: string, scope: Scope): unknown {
	const tokens = tokenize(source);
	let i = 0;
	const peek = () => tokens[i];
	const take = (value?: string) => {
		const token = tokens[i++];
		if (!token || (value !== undefined && token.value !== value))
			throw new Error(`IML: expected ${value ?? 'a token'} in ${source}`);
		return token;
	};
	const binary =
		(next: () => unknown, ops: string[], apply: (op: string, a: unknown, b: unknown) => unknown) =>
		() => {
			let left = next();
			while (peek()?.kind === 'op' && ops.includes(peek()?.value ?? '')) {
				const op = take().value;
				left = apply(op, left, next());
			}
			return left;
		};
	const primary = (): unknown => {
		const token = take();
		if (token.kind === 'num') return Number(token.value);
		if (token.kind === 'str') return token.value;
		if (token.value === '(') {
			const inner = or();
			take(')');
			return inner;
		}
		if (token.kind !== 'id') throw new Error(`IML: unexpected ${token.value} in ${source}`);
		if (peek()?.value === '(') {
			take('(');
			const args: unknown[] = [];
			while (peek()?.value !== ')') {
				args.push(or());
				if (peek()?.value === ';') take(';');
			}
			take(')');
			return call(token.value, args);
		}
		let value: unknown =
			token.value === 'uuid' ? randomUUID().replace(/-/g, '') : scope[token.value];
		while (peek()?.value === '.') {
			take('.');
			const key = take().value;
			value =
				Array.isArray(value) && /^\d+$/.test(key)
					? value[Number(key) - 1]
					: (value as Record<string, unknown> | undefined)?.[key];
		}
		return value;
	};
	const sum = binary(primary, ['+'], (_op, a, b) =>
		typeof a === 'number' && typeof b === 'number' ? a + b : text(a) + text(b),
	);
	const compare = binary(sum, ['==', '!=', '<', '>', '<=', '>='], (op, a, b) => {
		const [x, y] = [a as number, b as number];
		return { '==': a === b, '!=': a !== b, '<': x < y, '>': x > y, '<=': x <= y, '>=': x >= y }[op];
	});
	const and = binary(compare, ['&&'], (_op, a, b) => Boolean(a) && Boolean(b));
	const or = binary(and, ['||'], (_op, a, b) => Boolean(a) || Boolean(b));
	const result = or();
	if (i !== tokens.length) throw new Error(`IML: trailing input in ${source}`);
	return result;
}

function call(name: string, args: unknown[]): unknown {
	const empty = (v: unknown) =>
		v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
	if (name === 'ifempty') return empty(args[0]) ? args[1] : args[0];
	if (name === 'toString') return text(args[0]);
	if (name === 'sha256') {
		const [data, encoding, key] = args.map(text);
		const digest = key ? createHmac('sha256', key) : createHash('sha256');
		return digest.update(data ?? '').digest((encoding || 'hex') as 'hex');
	}
	throw new Error(`IML: function ${name} is not in this evaluator's subset`);
}
