/**
 * Polls `predicate` until it holds (true) or `timeoutMs` passes (false): the demo watches a
 * provider, a gateway and a destination that all run on their own timers.
 */
export async function waitUntil(
	predicate: () => boolean | Promise<boolean>,
	timeoutMs: number,
	pollMs = 10,
): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (!(await predicate())) {
		if (Date.now() > deadline) return false;
		await new Promise((resolve) => setTimeout(resolve, pollMs));
	}
	return true;
}
