import type Ajv from 'ajv';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppFiles } from './app-files';
import type { AppReport } from './app-report';
import { checkApp } from './check-app';
import { REQUIRED_SCHEMAS } from './code-rules';
import { SCHEMAS_DIR } from './paths';
import { ValidatorUnavailableError } from './validator-unavailable-error';

export interface AppValidator {
	validate(app: AppFiles): AppReport;
}

/** Loads ajv and the vendored schemas; throws ValidatorUnavailableError if either is missing. */
export async function loadAppValidator(schemasDir = SCHEMAS_DIR): Promise<AppValidator> {
	let AjvClass: typeof Ajv;
	try {
		AjvClass = (await import('ajv')).default;
	} catch (error) {
		throw new ValidatorUnavailableError(
			`cannot load ajv (a devDependency: run npm ci): ${(error as Error).message}`,
		);
	}
	const missing = REQUIRED_SCHEMAS.filter((name) => !existsSync(join(schemasDir, name)));
	if (missing.length > 0)
		throw new ValidatorUnavailableError(`missing in ${schemasDir}: ${missing.join(', ')}`);
	// strict: false for the editor-only keywords in Make's schemas (errorMessage, doNotSuggest);
	// unicodeRegExp: false for a `\-` escape the `u` flag refuses.
	const ajv = new AjvClass({ allErrors: true, strict: false, unicodeRegExp: false });
	// The only format the schemas use (makecomapp.json's origins); ajv-formats is not needed for it.
	ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:\S*$/i);
	addSchemas(ajv, schemasDir);
	return { validate: (app) => checkApp(ajv, app) };
}

/** Adds every schema in the folder, then compiles the required ones, so a broken one fails now. */
function addSchemas(ajv: Ajv, schemasDir: string) {
	for (const name of readdirSync(schemasDir).filter((f) => f.endsWith('.json'))) {
		try {
			ajv.addSchema(JSON.parse(readFileSync(join(schemasDir, name), 'utf8')), name);
		} catch (error) {
			throw new ValidatorUnavailableError(`schema ${name}: ${(error as Error).message}`);
		}
	}
	for (const name of REQUIRED_SCHEMAS) {
		try {
			ajv.getSchema(name);
		} catch (error) {
			throw new ValidatorUnavailableError(
				`schema ${name} does not compile: ${(error as Error).message}`,
			);
		}
	}
}
