// What scripts/pack-core.mjs and scripts/pack-cli.mjs share: staging built modules (only those a
// current source compiles to, no source maps), packing a staged folder, and the figures that
// release:check and the bench's footprint table print for a tarball.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const packagesDir = join(root, 'dist', 'packages');

/**
 * Copies dist/<folder> to <stage>/<to>, skipping maps, files an older build left behind, and the
 * .d.ts files unless `types` (a command's package has no use for them).
 */
export function stageBuilt(folder, stage, to = '.', { types = true } = {}) {
	const built = join(root, 'dist', folder);
	if (!existsSync(built)) throw new Error(`dist/${folder} is missing: run \`npm run build\` first`);
	const fromSource = (path) => {
		if (path.endsWith('.map') || (!types && path.endsWith('.d.ts'))) return false;
		const rel = relative(built, path);
		if (!/\.(js|d\.ts)$/.test(rel)) return true; // a folder
		return existsSync(join(root, folder, rel.replace(/(\.d)?\.ts$|\.js$/, '.ts')));
	};
	cpSync(built, join(stage, to), { recursive: true, filter: fromSource });
}

/** npm pack of a staged folder into dist/packages; returns the tarball's path. */
export function packStage(stage) {
	const [packed] = JSON.parse(
		execFileSync('npm', ['pack', stage, '--json', '--pack-destination', packagesDir], {
			encoding: 'utf8',
		}),
	);
	return join(packagesDir, packed.filename);
}

/** Packed size, file list and runtime dependencies of a tarball, read from the tarball itself. */
export function tarballStats(tarball) {
	const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' })
		.split('\n')
		.filter(Boolean);
	const manifest = JSON.parse(
		execFileSync('tar', ['xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
	);
	return {
		tarballKB: statSync(tarball).size / 1024,
		files,
		manifest,
		dependencies: Object.keys(manifest.dependencies ?? {}),
	};
}

/** A package.json of this repository, parsed. */
export function readManifest(path) {
	return JSON.parse(readFileSync(join(root, path), 'utf8'));
}
