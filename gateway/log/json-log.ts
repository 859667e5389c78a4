/** One line of the gateway's log: what happened, to which source or destination, never a body. */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export type JsonLog = (event: string, fields?: LogFields) => void;

/**
 * Structured logs: one JSON object per line, for a log shipper. Callers pass ids, codes,
 * statuses and durations; no caller passes a body, a header value or a secret, and the
 * gateway's tests check its output for the secrets they configured.
 */
export function jsonLog(write: (line: string) => void = (l) => process.stdout.write(l)): JsonLog {
	return (event, fields = {}) => {
		write(`${JSON.stringify({ time: new Date().toISOString(), event, ...fields })}\n`);
	};
}
