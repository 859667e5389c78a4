/** A plain-text table with a header row from the first object's keys. */
export function formatTable(rows: readonly object[]): string {
	const first = rows[0];
	if (!first) return '(nothing)';
	const columns = Object.keys(first);
	const cells = rows.map((row) =>
		columns.map((c) => String((row as Record<string, unknown>)[c] ?? '')),
	);
	const widths = columns.map((c, i) =>
		Math.max(c.length, ...cells.map((r) => (r[i] ?? '').length)),
	);
	const line = (values: string[]) =>
		values
			.map((v, i) => v.padEnd(widths[i] ?? 0))
			.join('  ')
			.trimEnd();
	return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
