/** A response body as JSON when it is JSON, else the text itself (undefined when empty). */
export function parseJsonText(text: unknown): unknown {
	if (typeof text !== 'string' || text === '') return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}
