import { basename, join, resolve } from 'node:path';

/** make/, from this file in make/src/validate (ts-jest) or in dist/make/src/validate (the build). */
const MAKE_DIR =
	basename(resolve(__dirname, '..', '..', '..')) === 'dist'
		? resolve(__dirname, '..', '..', '..', '..', 'make')
		: resolve(__dirname, '..', '..');
export const SCHEMAS_DIR = join(MAKE_DIR, 'schemas');
export const APPS_DIR = join(MAKE_DIR, 'apps');

/** The file at the root of an app that names all the others. */
export const MANIFEST = 'makecomapp.json';
