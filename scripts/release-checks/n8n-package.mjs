// The n8n community package as packed: its file list is exactly the nodes and credentials its
// manifest registers (plus their icons, the manifest and README), it has no runtime dependencies
// (n8n provides n8n-workflow), and `n8n-node lint` passes on the unpacked tarball itself, so the
// published package.json is what is linted, not only the source folder.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Throws naming the first problem with the tarball's file list or manifest. */
export function checkN8nFiles(tarball, files, manifest) {
	const paths = files.map((file) => file.replace(/^package\//, ''));
	const registered = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
	if (registered.length === 0) throw new Error(`${tarball}: the manifest registers no nodes`);
	for (const file of registered) {
		if (!paths.includes(file)) throw new Error(`${tarball}: ${file} is registered but not packed`);
	}
	for (const path of paths) {
		const expected =
			registered.includes(path) ||
			['package.json', 'README.md', 'LICENSE'].includes(path) ||
			/^dist\/(nodes\/[A-Za-z]+|credentials)\/[a-z-]+\.svg$/.test(path);
		if (!expected) throw new Error(`${tarball}: ${path} is neither a registered file nor an icon`);
	}
	if (Object.keys(manifest.dependencies ?? {}).length > 0) {
		throw new Error(`${tarball}: an n8n community package must have no runtime dependencies`);
	}
}

/** `n8n-node lint` run in the unpacked tarball, with the package folder's lint tools. */
export function lintPacked(tarball, packageDir) {
	const tools = join(packageDir, 'node_modules');
	if (!existsSync(join(tools, '.bin', 'n8n-node'))) {
		throw new Error('n8n/ has no tools: run `cd n8n && npm ci --ignore-scripts` first');
	}
	const dir = mkdtempSync(join(tmpdir(), 'hookbridge-n8n-lint-'));
	try {
		execFileSync('tar', ['xzf', tarball, '-C', dir]);
		const unpacked = join(dir, 'package');
		copyFileSync(join(packageDir, 'eslint.config.mjs'), join(unpacked, 'eslint.config.mjs'));
		symlinkSync(tools, join(unpacked, 'node_modules'));
		execFileSync(join(tools, '.bin', 'n8n-node'), ['lint'], { cwd: unpacked, stdio: 'pipe' });
	} catch (error) {
		throw new Error(`n8n-node lint failed on the packed package:\n${error.stdout ?? error}`);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
