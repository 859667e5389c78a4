import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

/** The files of one app, on disk or in memory; paths are relative to the app, with `/`. */
export interface AppFiles {
	read(path: string): string | undefined;
	list(): string[];
}

export function appOnDisk(dir: string): AppFiles {
	const root = resolve(dir);
	return {
		read: (path) => {
			const file = join(root, path);
			return existsSync(file) && statSync(file).isFile() ? readFileSync(file, 'utf8') : undefined;
		},
		list: () => {
			const out: string[] = [];
			const walk = (at: string) => {
				for (const entry of readdirSync(at, { withFileTypes: true })) {
					const abs = join(at, entry.name);
					if (entry.isDirectory()) walk(abs);
					else if (entry.isFile()) out.push(relative(root, abs).split(sep).join('/'));
				}
			};
			walk(root);
			return out.sort();
		},
	};
}

/** The app under `prefix` (e.g. `apps/acme/`) in a path → text map such as generatedFiles(). */
export function appInMemory(files: Record<string, string>, prefix = ''): AppFiles {
	return {
		read: (path) => files[`${prefix}${path}`],
		list: () =>
			Object.keys(files)
				.filter((path) => path.startsWith(prefix))
				.map((path) => path.slice(prefix.length))
				.sort(),
	};
}
