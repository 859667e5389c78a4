// Timing helpers: warm-up, several rounds, median and spread. Times are only ever compared as
// ratios within one run: the machine is shared and noisy.

/**
 * Runs every case in rounds, interleaved (round 1 of each case, then round 2 of each, ...), so a
 * burst of load from another process on this shared machine lands on all cases alike instead of
 * on whichever ran at that moment. Returns ops/s median, min and max per case.
 */
export async function measureAll(cases, { rounds = 7, roundMs = 250, warmupMs = 200 } = {}) {
	const loops = Object.fromEntries(
		Object.entries(cases).map(([name, fn]) => [name, timedLoop(fn)]),
	);
	for (const loop of Object.values(loops)) await loop(warmupMs);
	const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
	for (let r = 0; r < rounds; r++) {
		for (const [name, loop] of Object.entries(loops)) samples[name].push(await loop(roundMs));
	}
	return Object.fromEntries(
		Object.entries(samples).map(([name, results]) => {
			results.sort((a, b) => a - b);
			return [
				name,
				{
					median: results[Math.floor(results.length / 2)],
					min: results[0],
					max: results[results.length - 1],
				},
			];
		}),
	);
}

/** Calls `fn` in batches of 64 for about `ms`, awaiting what it returns when that is a promise. */
function timedLoop(fn) {
	return async (ms) => {
		let ops = 0;
		const start = performance.now();
		let now = start;
		while (now - start < ms) {
			for (let i = 0; i < 64; i++) {
				const result = fn();
				if (result instanceof Promise) await result;
			}
			ops += 64;
			now = performance.now();
		}
		return ops / ((now - start) / 1000);
	};
}

export function percentile(sorted, p) {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const fmt = (n, digits = 0) =>
	n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
