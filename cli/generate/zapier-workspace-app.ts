import type { Profile } from '@hookbridge/core';

const HEADER =
	'Written by `npm run connectors:write` from prebuilt-connectors.json: regenerate, do not edit.';

export interface RootPackage {
	version: string;
	engines: Record<string, string>;
}

/**
 * A prebuilt profile's Zapier CLI project in the repository (zapier/apps/<id>/): the app
 * createApp makes for it, as `hookbridge generate zapier` makes it from a profile.json, built
 * here from the sources (scripts/bundle-app.js) and released with the other packages (the
 * root's version and engines). Paths below zapier/apps/<id>/.
 */
export function zapierWorkspaceApp(profile: Profile, root: RootPackage): Record<string, string> {
	const pkg = {
		name: `hookbridge-zapier-${profile.id}`,
		version: root.version,
		description: `Zapier app: verified, typed, deduplicated ${profile.name} webhook events (hookbridge). ${HEADER}`,
		private: true,
		main: 'index.js',
		engines: root.engines,
		// The bundle (scripts/bundle-app.js) holds the shared core and zod; only core stays a dependency.
		scripts: { build: 'node ../../scripts/bundle-app.js', '_zapier-build': 'npm run build' },
		dependencies: { 'zapier-platform-core': '19.1.0' },
		// get-intrinsic 1.3.1 makes `zapier-platform build` miss require.mjs files (see zapier/README.md).
		overrides: { 'get-intrinsic': '1.3.0' },
	};
	return {
		'package.json': `${JSON.stringify(pkg, null, '\t')}\n`,
		'.gitignore': 'node_modules/\ndist/\nbuild/\n',
		'index.js': [
			`// ${HEADER}`,
			'// The CommonJS entry Zapier loads; `npm run build` (esbuild) writes dist/index.js first.',
			"module.exports = require('./dist/index.js').default;",
			'',
		].join('\n'),
		'src/index.ts': [
			`// ${HEADER}`,
			"import zapier from 'zapier-platform-core';",
			"import { getProfile } from '@hookbridge/core';",
			"import { createApp } from '../../../src/create-app';",
			"import packageJson from '../package.json';",
			'',
			`export default createApp(getProfile('${profile.id}'), {`,
			'\tversion: packageJson.version,',
			'\tplatformVersion: zapier.version,',
			'});',
			'',
		].join('\n'),
	};
}
