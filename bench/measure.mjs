// Timing helpers: warm-up, several rounds, median and spread. Times are only ever compared as
// ratios within one run: the machine is shared and noisy.

/**
 * Runs every case in rounds, interleaved (round 1 of each case, then round 2 of each, ...), so a
 * burst of load from another process on this shared machine lands on all cases alike instead of
 * on whichever ran at that moment. Odd rounds run the cases in reverse order, so no case is
 * always measured at the end of a round, after the others have warmed or heated the machine.
 * Returns ops/s median, min and max per case, and every round's figure in round order
 * (`rounds`), for ratios taken round by round (pairedRatio).
 */
export async function measureAll(cases, { rounds = 7, roundMs = 250, warmupMs = 200 } = {}) {
	const loops = Object.entries(cases).map(([name, fn]) => [name, timedLoop(fn)]);
	for (const [, loop] of loops) await loop(warmupMs);
	const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
	for (let r = 0; r < rounds; r++) {
		const order = r % 2 === 0 ? loops : [...loops].reverse();
		for (const [name, loop] of order) samples[name].push(await loop(roundMs));
	}
	return Object.fromEntries(
		Object.entries(samples).map(([name, results]) => {
			const sorted = [...results].sort((a, b) => a - b);
			return [
				name,
				{
					median: median(sorted),
					min: sorted[0],
					max: sorted[sorted.length - 1],
					rounds: results,
				},
			];
		}),
	);
}

/**
 * How many times faster `a` ran than `b`: the median over rounds of a's ops/s over b's in the
 * same round. The two were measured within one round of each other, so a slow stretch of the
 * shared machine that spans rounds slows both and cancels out, where a ratio of the two medians
 * would compare figures from different rounds.
 */
export function pairedRatio(a, b) {
	const ratios = a.rounds.map((ops, r) => ops / b.rounds[r]);
	return median(ratios.sort((x, y) => x - y));
}

function median(sorted) {
	const mid = Math.floor(sorted.length / 2);
	// An even count: the mean of the two middle values, so neither one is favoured.
	return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
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
