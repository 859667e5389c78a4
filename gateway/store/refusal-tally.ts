export interface RefusalCount {
	source: string;
	code: string;
	n: number;
}

/**
 * Refusal counts not yet written. A flood of forged deliveries is counted here, in memory, and
 * written now and then in one commit, so it cannot turn into one fsync per refusal.
 */
export class RefusalTally {
	private counts = new Map<string, RefusalCount>();

	get size(): number {
		return this.counts.size;
	}

	add(source: string, code: string, n: number): void {
		const key = JSON.stringify([source, code]);
		const entry = this.counts.get(key);
		if (entry) entry.n += n;
		else this.counts.set(key, { source, code, n });
	}

	/** Empties the tally; hand the result back with `restore` if writing it failed. */
	take(): RefusalCount[] {
		const taken = [...this.counts.values()];
		this.counts = new Map();
		return taken;
	}

	restore(counts: readonly RefusalCount[]): void {
		for (const c of counts) this.add(c.source, c.code, c.n);
	}
}
