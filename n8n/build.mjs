// Bundles each node and credential into dist/ with the shared core and zod inside, so the
// package has no runtime dependencies; n8n-workflow (the peer) stays external.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const entries = [...pkg.n8n.nodes, ...pkg.n8n.credentials];
rmSync('dist', { recursive: true, force: true });
await Promise.all(
	entries.map((out) =>
		build({
			entryPoints: [out.replace(/^dist\//, '').replace(/\.js$/, '.ts')],
			outfile: out,
			bundle: true,
			platform: 'node',
			format: 'cjs',
			target: 'node20',
			external: ['n8n-workflow'],
			legalComments: 'none',
			// Smaller files for n8n to load; names kept so stack traces still read.
			minify: true,
			keepNames: true,
			logLevel: 'warning',
		}),
	),
);
for (const out of entries) {
	mkdirSync(dirname(out), { recursive: true });
	copyFileSync('icons/hookbridge.svg', `${dirname(out)}/hookbridge.svg`);
}
console.log(`built ${entries.length} files into dist/`);
