import { UsageError } from '../usage-error';

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * `--since` as a time: an ISO 8601 date or time (`2026-12-02`, `2026-12-02T09:00:00Z`), or an
 * age such as `30m`, `2h`, `7d` counted back from now. Anything else is a usage error.
 */
export function parseSince(text: string, nowMs: number): number {
	const age = /^(\d+)([smhd])$/.exec(text.trim());
	if (age) return nowMs - Number(age[1]) * UNIT_MS[age[2] as keyof typeof UNIT_MS];
	const at = /^\d{4}-\d\d-\d\d/.test(text) ? Date.parse(text) : Number.NaN;
	if (!Number.isFinite(at)) {
		throw new UsageError(
			`--since takes an ISO 8601 time (2026-12-02T09:00:00Z) or an age (30m, 2h, 7d), got "${text}".`,
		);
	}
	return at;
}
