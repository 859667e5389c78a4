import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { profiles } from '../shared';

// No adapter names a provider: every provider difference is profile data. Any mention of a
// built-in profile's id or name (code, strings and comments alike, any case) in these folders
// fails. The reference provider (provider/) is held to it too: every persona, API or dashboard,
// is the profile's data played by one set of routes.
const ROOT = join(__dirname, '..');
const FOLDERS = [
	'zapier/src',
	'n8n/lib',
	'make/src',
	'activepieces/src',
	'node-red/src',
	'node-red/editor',
	'cli',
	'provider',
];

const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const all = Object.values(profiles);
// Any case, where an identifier or a word starts: `velaflows`, `Stripe`, `stripeKey`, and the
// two-word names with any spacing (`Standard Webhooks`).
const starts = all
	.flatMap((p) => [p.id, p.name])
	.map((word) => escape(word.toLowerCase()).replace(/[\s-]+/g, '[\\s-]*'));
// Capitalised inside an identifier (`isStripe`, `toStandardWebhooks`, `parseGitHub`).
const pascal = (text: string) =>
	text.replace(/(^|[\s-])(\w)/g, (_, _sep: string, c: string) => c.toUpperCase());
const insides = [...new Set(all.flatMap((p) => [pascal(p.id), pascal(p.name)]))].map(escape);
const pattern = new RegExp(`(?<![A-Za-z0-9])(?:${starts.join('|')})`, 'i');
const inside = new RegExp(`(?:${insides.join('|')})`);

function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sources(path);
		return /\.(ts|js|mjs)$/.test(name) ? [path] : [];
	});
}

function mentions(text: string): string[] {
	return text.split('\n').flatMap((line, i) => {
		const match = pattern.exec(line) ?? inside.exec(line);
		return match ? [`${i + 1}: ${match[0]}`] : [];
	});
}

test('the scanner finds a provider named in code, a string or a comment', () => {
	expect(mentions("if (profile.id === 'velaflows') {}")).toEqual(['1: velaflows']);
	expect(mentions('// like Stripe')).toEqual(['1: Stripe']);
	expect(mentions('const s = standardWebhooks;')).toEqual(['1: standardWebhooks']);
	expect(mentions('send via Standard Webhooks')).toEqual(['1: Standard Webhooks']);
	expect(mentions('const key = stripeKey ?? isTwilio;')).toEqual(['1: stripe']);
	expect(mentions('if (isTwilio) {}')).toEqual(['1: Twilio']);
	expect(mentions('const acme = profile.name;')).toEqual([]);
});

test.each(FOLDERS)('%s names no built-in provider', (folder) => {
	const found = sources(join(ROOT, folder)).flatMap((file) =>
		mentions(readFileSync(file, 'utf8')).map((m) => `${relative(ROOT, file)}:${m}`),
	);
	expect(found).toEqual([]);
});
