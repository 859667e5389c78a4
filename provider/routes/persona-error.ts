import type { z } from 'zod/v4';

/** A refusal in a persona's own error shape; the error handler formats it per persona. */
export class PersonaError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		/** JSON pointer of the offending field (a JSON:API error's `source.pointer`). */
		readonly pointer?: string,
		readonly headers: Record<string, string> = {},
	) {
		super(message);
		this.name = 'PersonaError';
	}
}

/** Parses a request body with zod; the first problem becomes a 422 naming the field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
	const result = schema.safeParse(body ?? {});
	if (result.success) return result.data;
	const issue = result.error.issues[0];
	const field = issue?.path.map(String).join('.') || 'body';
	throw new PersonaError(
		422,
		'validation_failed',
		`The ${field} field is invalid: ${issue?.message ?? 'check the request'}.`,
		`/${issue?.path.map(String).join('/') ?? ''}`,
	);
}
