/** Blanks `//` and `/* *\/` comments outside strings, keeping line and column positions. */
export function withoutComments(text: string): string {
	let out = '';
	let i = 0;
	const blankUntil = (stop: number) => {
		for (; i < stop; i++) out += text[i] === '\n' ? '\n' : ' ';
	};
	while (i < text.length) {
		const c = text[i] ?? '';
		if (c === '"') {
			// A string, escapes included, copied as it is.
			let j = i + 1;
			while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
			out += text.slice(i, j + 1);
			i = j + 1;
		} else if (c === '/' && text[i + 1] === '/') {
			const end = text.indexOf('\n', i);
			blankUntil(end < 0 ? text.length : end);
		} else if (c === '/' && text[i + 1] === '*') {
			const end = text.indexOf('*/', i + 2);
			blankUntil(end < 0 ? text.length : end + 2);
		} else {
			out += c;
			i += 1;
		}
	}
	return out;
}
