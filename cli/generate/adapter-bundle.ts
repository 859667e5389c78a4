import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A file of the adapter bundles the build makes (scripts/bundle-adapters.mjs): dist/adapters
 * beside dist/cli, in the repository and in the installed package alike.
 */
export function adapterFile(name: string): Buffer {
	const file = join(__dirname, '..', '..', 'adapters', name);
	if (!existsSync(file)) {
		throw new Error(`${file} is missing: run npm run build (it bundles the adapters).`);
	}
	return readFileSync(file);
}
