// Bundles the Zapier, n8n, Activepieces and Node-RED adapters, each with the core and zod inside, into dist/adapters/:
// what `hookbridge generate zapier|n8n` copies into a generated project, so the project builds
// and runs without this repository. The platforms' own libraries stay external (each platform
// provides its copy). Run by `npm run build`.
import { copyFileSync, mkdirSync } from 'node:fs';
import { build } from 'esbuild';
import { join } from 'node:path';
import { root } from './pack-package.mjs';

const common = {
	bundle: true,
	platform: 'node',
	format: 'cjs',
	target: 'node20',
	alias: { '@hookbridge/core': join(root, 'shared', 'index.ts') },
	minify: true,
	keepNames: true,
	legalComments: 'none',
	logLevel: 'warning',
};
await Promise.all([
	build({
		...common,
		entryPoints: [join(root, 'zapier', 'src', 'profile-file-app.ts')],
		outfile: join(root, 'dist', 'adapters', 'hookbridge-zapier.js'),
		external: ['zapier-platform-core'],
	}),
	build({
		...common,
		entryPoints: [join(root, 'n8n', 'lib', 'profile-file-nodes.ts')],
		outfile: join(root, 'dist', 'adapters', 'hookbridge-n8n.js'),
		external: ['n8n-workflow'],
	}),
	build({
		...common,
		entryPoints: [join(root, 'activepieces', 'src', 'profile-file-piece.ts')],
		outfile: join(root, 'dist', 'adapters', 'hookbridge-activepieces.js'),
		external: ['@activepieces/pieces-framework'],
	}),
	// Node-RED hands a node its API as an argument: nothing is external.
	build({
		...common,
		entryPoints: [join(root, 'node-red', 'src', 'index.ts')],
		outfile: join(root, 'dist', 'adapters', 'hookbridge-node-red.js'),
	}),
]);
// The Node-RED editor script, which the generator inlines into a node's .html.
copyFileSync(
	join(root, 'node-red', 'editor', 'hookbridge-in-editor.js'),
	join(root, 'dist', 'adapters', 'hookbridge-in-editor.js'),
);
// @hookbridge/node-red (node-red/) loads the same bundle from its lib/.
mkdirSync(join(root, 'node-red', 'lib'), { recursive: true });
copyFileSync(
	join(root, 'dist', 'adapters', 'hookbridge-node-red.js'),
	join(root, 'node-red', 'lib', 'hookbridge-node-red.js'),
);
// The n8n node's icon, which a generated package ships beside each node.
copyFileSync(
	join(root, 'n8n', 'icons', 'hookbridge.svg'),
	join(root, 'dist', 'adapters', 'hookbridge.svg'),
);
