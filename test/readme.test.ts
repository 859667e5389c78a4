import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configReference } from '../gateway/config/config-reference';
import { profiles } from '../shared';

const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

test('the README lists every assumption every profile makes', () => {
	for (const profile of Object.values(profiles)) {
		for (const assumption of profile.assumptions) expect(readme).toContain(`- ${assumption}`);
	}
});

/** A Markdown table's rows as trimmed cells, whatever column widths Prettier gave it. */
function tableRows(markdown: string): string[][] {
	return markdown
		.split('\n')
		.filter((line) => line.startsWith('|') && !/^\|[\s|:-]+\|$/.test(line))
		.map((line) =>
			line
				.slice(1, -1)
				.split(/(?<!\\)\|/)
				.map((cell) => cell.trim()),
		);
}

test('the README has the gateway config reference as the schema generates it (npm run docs)', () => {
	const start = readme.indexOf('<!-- gateway-config:start -->');
	const end = readme.indexOf('<!-- gateway-config:end -->');
	expect(start).toBeGreaterThan(0);
	const inReadme = tableRows(readme.slice(start, end));
	const generated = tableRows(configReference());
	expect(inReadme.length).toBeGreaterThan(20);
	expect(inReadme).toEqual(generated);
});

test("the README's provider table has a row for every built-in profile", () => {
	const rows = tableRows(readme.slice(0, readme.indexOf('## Two commands'))).map((r) => r[0]);
	for (const id of Object.keys(profiles)) expect(rows).toContain(`\`${id}\``);
});

test("the README's platform table has every platform, with its limits and what it is tested with", () => {
	const start = readme.indexOf('### Platforms');
	const rows = tableRows(readme.slice(start, readme.indexOf('## ', start + 4)));
	expect(rows[0]).toEqual(['platform', 'what you get', 'verified where', 'limits', 'tested with']);
	const platforms = rows.slice(1);
	expect(platforms.map((r) => r[0])).toEqual(['Zapier', 'n8n', 'Make', 'Activepieces', 'Node-RED']);
	for (const row of platforms) {
		expect(row).toHaveLength(5);
		for (const cell of row.slice(1)) expect(cell.length).toBeGreaterThan(10);
	}
});
