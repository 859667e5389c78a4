import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repositoryRoot } from '../../make/src/write-apps';
import { prebuiltConnectorFiles } from './prebuilt-connectors';

// npm run connectors:write: writes the prebuilt connectors (prebuilt-connectors.json) as the
// generators make them. `--check` reports every committed file that differs, and exits 1.
if (require.main === module) {
	const root = repositoryRoot();
	const check = process.argv.includes('--check');
	let stale = 0;
	for (const [path, text] of Object.entries(prebuiltConnectorFiles(root))) {
		const file = join(root, path);
		if (existsSync(file) && readFileSync(file, 'utf8') === text) continue;
		if (check) {
			console.error(`stale: ${path} (run npm run connectors:write)`);
			stale += 1;
			continue;
		}
		mkdirSync(dirname(file), { recursive: true });
		writeFileSync(file, text);
		console.log(`wrote ${path}`);
	}
	process.exitCode = stale ? 1 : 0;
}
