import { appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One row of the reliability summary. Each suite records what it tried and what happened; the
 * runner (`npm run test:reliability`) prints every row as one table. The zero columns are the
 * promises: no forgery accepted, no event lost, no cross-account success, no secret in output.
 */
export interface SummaryRow {
	suite: string;
	tried: number;
	acceptedForgeries?: number;
	eventsLost?: number;
	crossAccountSuccesses?: number;
	secretOccurrences?: number;
	p99Ms?: number;
	note?: string;
}

export const SUMMARY_FILE =
	process.env.HOOKBRIDGE_RELIABILITY_SUMMARY ?? join(tmpdir(), 'hookbridge-reliability.jsonl');

/** Appends a row and prints it, so a plain `jest test/reliability` run shows it too. */
export function recordSummary(row: SummaryRow): void {
	appendFileSync(SUMMARY_FILE, `${JSON.stringify(row)}\n`);
	console.log(`reliability: ${JSON.stringify(row)}`);
}
