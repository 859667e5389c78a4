import type { Fail } from './app-report';
import type { Json } from './json';
import { withoutComments } from './without-comments';

/** JSON.parse, after removing comments for IML files (JSONC); reports where it fails. */
export function parseJson(
	file: string,
	text: string,
	comments: boolean,
	fail: Fail,
): Json | undefined {
	try {
		return JSON.parse(comments ? withoutComments(text) : text) as Json;
	} catch (error) {
		const message = (error as Error).message;
		fail(
			file,
			null,
			`not valid JSON${comments ? ' (comments allowed)' : ''}: ${message}${where(text, message)}`,
		);
		return undefined;
	}
}

/** ` (line L, column C)` from JSON.parse's `at position N`, unless its message has the line. */
function where(text: string, message: string): string {
	const position = /at position (\d+)/.exec(message)?.[1];
	if (position === undefined || /\(line \d+/.test(message)) return '';
	const before = text.slice(0, Number(position));
	return ` (line ${before.split('\n').length}, column ${Number(position) - before.lastIndexOf('\n')})`;
}
