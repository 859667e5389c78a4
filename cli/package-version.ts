import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The version of the package this CLI runs from. Read at run time because the same compiled file
 * runs from the repository (its root manifest) and from the installed `hookbridge` package (that
 * package's manifest): both sit two folders above dist/cli/.
 */
export function packageVersion(): string {
	const manifest: unknown = JSON.parse(
		readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'),
	);
	const version = (manifest as { version?: unknown }).version;
	return typeof version === 'string' ? version : 'unknown';
}
