import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { buildProgram } from '../cli/main';

// Every `npx hookbridge …` command the README shows must name a real command and real flags.
const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
const commands = blocks
	.flatMap((block) => block.replace(/\\\n\s*/g, ' ').split('\n'))
	.map((line) => line.replace(/^.*?(npx hookbridge )/, '$1'))
	.filter((line) => line.startsWith('npx hookbridge '));

test('the README shows the CLI commands', () => {
	expect(commands.length).toBeGreaterThanOrEqual(8);
});

test.each(commands)('%s', (line) => {
	const words = line.replace(/#.*$/, '').replace(/&\s*$/, '').trim().split(/\s+/).slice(2);
	let command: Command = buildProgram();
	while (words[0] && !words[0].startsWith('-')) {
		const next = command.commands.find((c) => c.name() === words[0]);
		if (!next) break;
		command = next;
		words.shift();
	}
	expect(command.name()).not.toBe('hookbridge');
	const known = new Set(command.options.flatMap((o) => [o.long, o.short]).filter(Boolean));
	for (const flag of words.filter((w) => w.startsWith('--')))
		expect(known.has(flag.split('=')[0] ?? '') ? flag : `unknown ${flag}`).toBe(flag);
});
