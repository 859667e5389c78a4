import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The version of the package this CLI runs from: the nearest `hookbridge` manifest above this
 * file. Looked up at run time because the same code runs compiled from the repository (dist/cli),
 * from the installed `hookbridge` package, and as source under the tests (cli/).
 */
export function packageVersion(): string {
	for (let dir = __dirname; ; dir = dirname(dir)) {
		const file = join(dir, 'package.json');
		if (existsSync(file)) {
			const manifest = JSON.parse(readFileSync(file, 'utf8')) as {
				name?: unknown;
				version?: unknown;
			};
			if (manifest.name === 'hookbridge' && typeof manifest.version === 'string') {
				return manifest.version;
			}
		}
		if (dirname(dir) === dir) return 'unknown';
	}
}
