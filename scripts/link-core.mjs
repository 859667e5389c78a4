// Run by `npm run build` after tsc. The CLI, the gateway and the reference provider import the
// core by its package name, `@hookbridge/core`, so that the installable `hookbridge` package can
// depend on the published core instead of carrying a copy. In this repository the built CLI
// finds that name here: dist/node_modules/@hookbridge/core, a one-line entry that loads the core
// built next to it (dist/shared), so the repository and the packages run the same modules.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const link = join(root, 'dist', 'node_modules', '@hookbridge', 'core');
mkdirSync(link, { recursive: true });
writeFileSync(
	join(link, 'package.json'),
	`${JSON.stringify({ name: '@hookbridge/core', private: true, main: 'index.js' }, null, '\t')}\n`,
);
writeFileSync(
	join(link, 'index.js'),
	"'use strict';\n// Written by scripts/link-core.mjs: the core built in this repository.\nmodule.exports = require('../../../shared/index.js');\n",
);
