/** The text status shows as a destination's last error: never a body, never a secret. */
export function describeFailure(outcome: { status: number | null; error: string | null }): string {
	if (outcome.error !== null) return outcome.error;
	return outcome.status === null ? 'no answer' : `HTTP ${outcome.status}`;
}
