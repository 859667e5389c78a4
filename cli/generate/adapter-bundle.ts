import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A file of the adapter bundles the build makes (scripts/bundle-adapters.mjs): dist/adapters
 * beside dist/cli, in the repository and in the installed package alike; from the sources
 * (tests run them), the repository's dist/adapters.
 */
export function adapterFile(name: string): Buffer {
	const beside = join(__dirname, '..', '..', 'adapters', name);
	const built = join(__dirname, '..', '..', 'dist', 'adapters', name);
	const file = existsSync(beside) ? beside : built;
	if (!existsSync(file)) {
		throw new Error(`${beside} is missing: run npm run build (it bundles the adapters).`);
	}
	return readFileSync(file);
}
