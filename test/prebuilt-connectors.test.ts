import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prebuiltConnectorFiles } from '../cli/generate/prebuilt-connectors';

// The committed connectors of the prebuilt profiles are the generators' output: a file edited
// by hand, or a connector left behind for a profile no longer listed, fails here (regenerate with
// `npm run connectors:write`).
const ROOT = join(__dirname, '..');
const files = prebuiltConnectorFiles(ROOT);
const list = JSON.parse(readFileSync(join(ROOT, 'prebuilt-connectors.json'), 'utf8')) as {
	profiles: string[];
};

test.each(Object.keys(files))('%s is as the generators write it', (path) => {
	const file = join(ROOT, path);
	expect(existsSync(file) ? readFileSync(file, 'utf8') : '(missing)').toBe(files[path]);
});

test.each([
	['zapier/apps', (id: string) => id],
	['make/apps', (id: string) => id],
	['n8n/nodes', (id: string) => `${pascal(id)}Trigger`],
	['n8n/credentials', (id: string) => `${pascal(id)}Api.credentials.ts`],
])('%s holds the listed profiles and nothing else', (folder, name) => {
	expect(readdirSync(join(ROOT, folder)).sort()).toEqual(list.profiles.map(name).sort());
});

// Written out here rather than taken from the generators: the names n8n and the folders use.
function pascal(id: string): string {
	return id.replace(/(^|-)(\w)/g, (_, _dash: string, c: string) => c.toUpperCase());
}

test('every committed file in the generated folders is one the writer writes', () => {
	const folders = ['zapier/apps', 'n8n/nodes', 'n8n/credentials', 'make/apps', 'make/kit'];
	const committed = execFileSync('git', ['ls-files', ...folders], { cwd: ROOT, encoding: 'utf8' })
		.split('\n')
		.filter(Boolean)
		// npm writes the Zapier apps' lock files (npm install in each app), not the generator.
		.filter((path) => !path.endsWith('/package-lock.json'));
	expect(committed.filter((path) => !(path in files))).toEqual([]);
	expect(committed.length).toBeGreaterThan(0);
});
