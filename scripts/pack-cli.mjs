// Stages the `hookbridge` package (the CLI, the gateway, the reference provider and the demo)
// from the build into dist/packages/cli and packs it: the compiled modules without maps or
// types (it is a command, not a library), the launcher, the manifest and README from cli/npm/,
// the LICENSE. It depends on @hookbridge/core by name. Prints the tarball's path.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { packagesDir, packStage, root, stageBuilt } from './pack-package.mjs';

const stage = join(packagesDir, 'cli');
rmSync(stage, { recursive: true, force: true });
mkdirSync(join(stage, 'bin'), { recursive: true });
// make/src: the Make app writer `hookbridge generate make` uses; activepieces/src and
// node-red/src: the dependency-free parts `generate activepieces|node-red` use (release
// number, node type names, the editor file).
for (const folder of ['cli', 'gateway', 'provider', 'make', 'activepieces', 'node-red']) {
	stageBuilt(folder, stage, join('dist', folder), { types: false });
}
// The adapter bundles `hookbridge generate zapier|n8n` copies (built, they have no sources).
cpSync(join(root, 'dist', 'adapters'), join(stage, 'dist', 'adapters'), { recursive: true });
cpSync(join(root, 'bin', 'hookbridge.js'), join(stage, 'bin', 'hookbridge.js'));
cpSync(join(root, 'cli', 'npm', 'package.json'), join(stage, 'package.json'));
cpSync(join(root, 'cli', 'npm', 'README.md'), join(stage, 'README.md'));
cpSync(join(root, 'LICENSE'), join(stage, 'LICENSE'));
console.log(packStage(stage));
