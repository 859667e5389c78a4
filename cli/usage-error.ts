/** A mistake in how the command was called: exit code 2, like other Unix tools. */
export class UsageError extends Error {
	readonly code: string;

	constructor(message: string, code = 'usage') {
		super(message);
		this.name = 'UsageError';
		this.code = code;
	}
}

export function collect(value: string, previous: string[]): string[] {
	return [...previous, value];
}

export function integerOption(name: string, value: string | undefined): number | undefined {
	if (value === undefined) return undefined;
	if (!/^\d+$/.test(value)) throw new UsageError(`${name} takes a whole number, got "${value}".`);
	return Number(value);
}
