import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { appDirs } from './app-dirs';
import { appOnDisk } from './app-files';
import type { AppReport } from './app-report';
import { loadAppValidator, type AppValidator } from './load-app-validator';
import { APPS_DIR, MANIFEST } from './paths';

/** Checks the apps in `args` (default: every make/apps/*\/); returns the exit code. */
export async function main(args: string[]): Promise<number> {
	let validator: AppValidator;
	try {
		validator = await loadAppValidator();
	} catch (error) {
		console.error(`make: the app check cannot run: ${(error as Error).message}`);
		return 2;
	}
	const dirs = args.length > 0 ? args : appDirs();
	if (dirs.length === 0) {
		console.error(`make: no app to check under ${APPS_DIR}`);
		return 2;
	}
	let invalid = 0;
	for (const dir of dirs) {
		const label = relative(process.cwd(), resolve(dir)) || dir;
		if (!existsSync(join(dir, MANIFEST))) {
			console.error(`${label}: no ${MANIFEST}`);
			invalid += 1;
			continue;
		}
		const report = validator.validate(appOnDisk(dir));
		print(label, report);
		if (report.errors.length > 0) invalid += 1;
	}
	return invalid > 0 ? 1 : 0;
}

/** The problems of one app on stderr, then its summary line on stdout. */
function print(label: string, report: AppReport) {
	for (const line of report.errors) console.error(`${label}/${line}`);
	const verdict = report.errors.length === 0 ? 'valid' : `${report.errors.length} problem(s)`;
	console.log(`${label}: ${verdict} (${report.checked.length} files against Make's schemas)`);
}
