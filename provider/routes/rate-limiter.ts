/** Fixed one-minute windows per key, like Laravel's throttle middleware. */
export class RateLimiter {
	private readonly windows = new Map<string, { start: number; count: number }>();

	constructor(
		private readonly perMinute: number,
		private readonly windowMs = 60_000,
	) {}

	/** Seconds to wait when the key is over its limit, else undefined (and the call is counted). */
	take(key: string, nowMs = Date.now()): number | undefined {
		let window = this.windows.get(key);
		if (!window || nowMs - window.start >= this.windowMs) {
			window = { start: nowMs, count: 0 };
			this.windows.set(key, window);
		}
		if (window.count >= this.perMinute)
			return Math.max(1, Math.ceil((window.start + this.windowMs - nowMs) / 1000));
		window.count += 1;
		return undefined;
	}
}
