import type Ajv from 'ajv';
import { appCheck, type AppCheck } from './app-check';
import type { AppFiles } from './app-files';
import type { AppReport } from './app-report';
import { checkComponents } from './check-components';
import { GENERAL_CODES } from './code-rules';
import { isObject, pointer } from './json';
import { MANIFEST } from './paths';

/** One app: its manifest, every file the manifest names, and the IML files it does not name. */
export function checkApp(ajv: Ajv, app: AppFiles): AppReport {
	const check = appCheck(ajv, app);
	const text = check.read(MANIFEST);
	if (text === undefined) {
		check.fail(MANIFEST, null, 'missing');
		return check.report();
	}
	const manifest = check.parse(MANIFEST, text, false);
	if (manifest === undefined) return check.report();
	check.against('makecomapp.schema.json', MANIFEST, manifest);
	if (!isObject(manifest)) return check.report();
	checkGeneralCodes(check, manifest);
	checkComponents(check, manifest);
	checkUnnamed(check);
	return check.report();
}

function checkGeneralCodes(check: AppCheck, manifest: Record<string, unknown>) {
	if (!isObject(manifest.generalCodeFiles)) return;
	for (const [code, path] of Object.entries(manifest.generalCodeFiles)) {
		const rule = GENERAL_CODES[code];
		if (!rule || typeof path !== 'string') continue; // the manifest schema reports these
		const file = check.target(path, pointer('generalCodeFiles', code));
		if (file) check.checkFile(file, rule);
	}
}

// An IML file the manifest does not name would silently not be deployed.
function checkUnnamed(check: AppCheck) {
	for (const file of check.app.list()) {
		if (/\.(iml\.json|imljson)$/.test(file) && !check.named.has(file))
			check.fail(file, null, `not named in ${MANIFEST}, so it would not be deployed`);
	}
}
