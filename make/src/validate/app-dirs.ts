import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { APPS_DIR } from './paths';

/** Every app directory under make/apps/. */
export function appDirs(appsDir = APPS_DIR): string[] {
	if (!existsSync(appsDir)) return [];
	return readdirSync(appsDir, { withFileTypes: true })
		.filter((entry) => entry.isDirectory())
		.map((entry) => join(appsDir, entry.name))
		.sort();
}
