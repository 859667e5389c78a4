// Timing helpers: warm-up, several rounds, median and spread. Times are only ever compared as
// ratios within one run: the machine is shared and noisy.

/** Runs `fn` (sync or async) in rounds; returns ops/s median, min and max. */
export async function measure(fn, { rounds = 7, roundMs = 250, warmupMs = 200 } = {}) {
	const isAsync = fn.constructor.name === 'AsyncFunction';
	const loop = async (ms) => {
		let ops = 0;
		const start = performance.now();
		let now = start;
		while (now - start < ms) {
			for (let i = 0; i < 64; i++) {
				if (isAsync) await fn();
				else fn();
			}
			ops += 64;
			now = performance.now();
		}
		return ops / ((now - start) / 1000);
	};
	await loop(warmupMs);
	const results = [];
	for (let r = 0; r < rounds; r++) results.push(await loop(roundMs));
	results.sort((a, b) => a - b);
	return {
		median: results[Math.floor(results.length / 2)],
		min: results[0],
		max: results[results.length - 1],
	};
}

export function percentile(sorted, p) {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const fmt = (n, digits = 0) =>
	n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
