// npm run release:check [-- --node <binary> ...]: packs @hookbridge/core, checks what the tarball
// holds, installs it into a fresh temporary project outside the repository, and there verifies a
// delivery signed with node:crypto through `require` and through `import`, and type-checks a
// TypeScript user's file against the package's own types. Each --node binary (Node 22, 24) runs
// the installed checks too. Prints the tarball's packed size and dependency count; exits 1 on
// any failure.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cjsCheck, esmCheck, tsCheck } from './release-checks/core-consumer.mjs';
import { checkTarballFiles, selfTest } from './release-checks/tarball-files.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nodes = [process.execPath, ...optionValues('--node')];
const run = (file, args, cwd) => {
	try {
		return execFileSync(file, args, { cwd, encoding: 'utf8', stdio: 'pipe' });
	} catch (error) {
		// What the command printed says what failed (a tsc error, a check's message).
		throw new Error(
			`${file} ${args.join(' ')} failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`,
		);
	}
};

const tarball = run(process.execPath, [join(root, 'scripts', 'pack-core.mjs')], root).trim();
const files = run('tar', ['tzf', tarball], root).split('\n').filter(Boolean);

const project = mkdtempSync(join(tmpdir(), 'hookbridge-release-'));
try {
	selfTest(project);
	checkTarballFiles(tarball, files);
	console.log(`core tarball: ${files.length} files, no tests, maps, sources, .env or secrets`);
	writeFileSync(join(project, 'package.json'), '{ "private": true }\n');
	run('npm', ['install', tarball, '--no-audit', '--no-fund', '--loglevel=error'], project);
	writeFileSync(join(project, 'check.cjs'), cjsCheck);
	writeFileSync(join(project, 'check.mjs'), esmCheck);
	writeFileSync(join(project, 'check.ts'), tsCheck);
	for (const node of nodes) {
		const version = run(node, ['--version'], project).trim();
		for (const file of ['check.cjs', 'check.mjs']) {
			console.log(`core ${file} on Node ${version}: ${run(node, [file], project).trim()}`);
		}
	}
	const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
	// The user's own types for Node, as their project would have them installed.
	const typeRoots = join(root, 'node_modules', '@types');
	run(process.execPath, [tsc, ...tscFlags(typeRoots), 'check.ts'], project);
	console.log('core types: a strict nodenext TypeScript file type-checks against the package');
	const manifest = JSON.parse(
		readFileSync(join(project, 'node_modules', '@hookbridge', 'core', 'package.json'), 'utf8'),
	);
	const dependencies = Object.keys(manifest.dependencies ?? {});
	const kb = (statSync(tarball).size / 1024).toFixed(1);
	console.log(
		`@hookbridge/core: ${kb} KB packed, ${files.length} files, ${dependencies.length} runtime dependency (${dependencies.join(', ')})`,
	);
	if (dependencies.join() !== 'zod') throw new Error('@hookbridge/core must depend on zod only');
} finally {
	rmSync(project, { recursive: true, force: true });
}

function tscFlags(typeRoots) {
	return [
		'--noEmit',
		'--strict',
		'--module',
		'nodenext',
		'--moduleResolution',
		'nodenext',
		'--target',
		'es2022',
		'--typeRoots',
		typeRoots,
		'--types',
		'node',
	];
}

function optionValues(flag) {
	const values = [];
	process.argv.forEach((arg, i) => {
		if (arg !== flag) return;
		const value = process.argv[i + 1];
		if (!value || value.startsWith('--')) throw new Error(`${flag} needs a value (a Node binary)`);
		values.push(value);
	});
	return values;
}
