import { main } from './validate/cli';

// The offline check of a Make custom app as code (make/apps/<id>/: makecomapp.json and the IML
// files it names) against Make's own JSON Schemas, vendored in make/schemas/ with their licence.
// npm run make:check runs it on every app; test/make runs the same code on a fresh generation.
// The parts are in make/src/validate/; this file is the command and the library's entry.
//
//   node dist/make/src/validate-app.js [<app-dir>...]     (default: every make/apps/*/)
//
// Exit 0: every app valid. 1: an app has problems (one line each). 2: the check cannot run
// (ajv not installed, a schema missing or not compiling, no app to check).

export { appDirs } from './validate/app-dirs';
export { appInMemory, appOnDisk, type AppFiles } from './validate/app-files';
export type { AppReport } from './validate/app-report';
export { loadAppValidator, type AppValidator } from './validate/load-app-validator';
export { APPS_DIR, SCHEMAS_DIR } from './validate/paths';
export { ValidatorUnavailableError } from './validate/validator-unavailable-error';

if (require.main === module) {
	main(process.argv.slice(2)).then(
		(code) => (process.exitCode = code),
		(error: unknown) => {
			console.error(error);
			process.exitCode = 2;
		},
	);
}
