#!/usr/bin/env node
'use strict';
// The app's build (`npm run build`, which `zapier-platform build` also runs): one CommonJS file,
// dist/index.js, with the shared core and zod inside. Loading one file instead of zod's many
// CommonJS modules is most of the app's start-up time. zapier-platform-core stays external:
// Zapier's runtime provides the app's own copy from node_modules.
const { buildSync } = require('esbuild');
const { join } = require('node:path');

buildSync({
	entryPoints: ['src/index.ts'],
	outfile: 'dist/index.js',
	bundle: true,
	platform: 'node',
	format: 'cjs',
	target: 'node20',
	external: ['zapier-platform-core'],
	// The app uses only the core's public API, by its package name; bundled from its sources here.
	alias: { '@hookbridge/core': join(__dirname, '..', '..', 'shared', 'index.ts') },
	minify: true,
	keepNames: true,
	legalComments: 'none',
	logLevel: 'warning',
});
