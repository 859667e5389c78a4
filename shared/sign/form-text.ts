/** A form-encoded body (Twilio): a list is the name repeated, anything else its text. */
export function formText(body: Record<string, unknown>): string {
	const params = new URLSearchParams();
	for (const [name, value] of Object.entries(body)) {
		for (const item of Array.isArray(value) ? value : [value]) {
			if (item === undefined || item === null) continue;
			params.append(name, typeof item === 'object' ? JSON.stringify(item) : String(item));
		}
	}
	return params.toString();
}
