// npm run release:check [-- --node <binary> ...]: packs @hookbridge/core, hookbridge and
// n8n-nodes-hookbridge, checks what each tarball holds and that their versions agree, then
// installs them into fresh temporary projects outside the repository, as a user would:
//   - the core: `require` and `import` verify a delivery signed with node:crypto; a strict
//     TypeScript file type-checks against the package's own types;
//   - the CLI (with the core's tarball, nothing from the repository): npx hookbridge --version,
//     --help, verify (signed and forged), demo;
//   - the n8n package: its file list, no dependencies, `n8n-node lint` on the unpacked tarball.
// The machine's Node runs everything; each --node binary (Node 22, 24) installs and runs the core
// and the CLI again. Prints each tarball's packed size and dependency count; exits 1 on failure.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packStage, readManifest, root, tarballStats } from './pack-package.mjs';
import { cliChecks, installCli, nodeEnv } from './release-checks/cli-consumer.mjs';
import { cjsCheck, esmCheck, tsCheck } from './release-checks/core-consumer.mjs';
import { checkN8nFiles, lintPacked } from './release-checks/n8n-package.mjs';
import { checkTarballFiles, selfTest } from './release-checks/tarball-files.mjs';
import { versionProblems, versionsSelfTest } from './release-checks/versions.mjs';

const nodes = [process.execPath, ...optionValues('--node')];
const run = (file, args, cwd, env) => {
	try {
		return execFileSync(file, args, { cwd, env, encoding: 'utf8', stdio: 'pipe' });
	} catch (error) {
		// What the command printed says what failed (a tsc error, a check's message).
		throw new Error(
			`${file} ${args.join(' ')} failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`,
		);
	}
};

const n8nDir = join(root, 'n8n');
run('npm', ['run', 'build', '--silent'], n8nDir);
const tarballs = {
	'@hookbridge/core': run(process.execPath, [join(root, 'scripts', 'pack-core.mjs')], root).trim(),
	hookbridge: run(process.execPath, [join(root, 'scripts', 'pack-cli.mjs')], root).trim(),
	'n8n-nodes-hookbridge': packStage(n8nDir),
};
const stats = Object.fromEntries(
	Object.entries(tarballs).map(([name, tarball]) => [name, tarballStats(tarball)]),
);

checkContents();
checkVersions();
checkN8n();
checkCore();
for (const node of nodes) checkCli(node);
for (const [name, { tarballKB, files, dependencies, manifest }] of Object.entries(stats)) {
	const optional = Object.keys(manifest.optionalDependencies ?? {}).map((dep) => `${dep} optional`);
	const listed = dependencies.length ? ` (${[...dependencies, ...optional].join(', ')})` : '';
	console.log(
		`${name}: ${tarballKB.toFixed(1)} KB packed, ${files.length} files, ${dependencies.length} runtime dependencies${listed}`,
	);
}
if (stats['@hookbridge/core'].dependencies.join() !== 'zod') {
	throw new Error('@hookbridge/core must depend on zod only');
}

function checkContents() {
	const scratch = mkdtempSync(join(tmpdir(), 'hookbridge-release-'));
	try {
		selfTest(scratch);
	} finally {
		rmSync(scratch, { recursive: true, force: true });
	}
	for (const [name, tarball] of Object.entries(tarballs)) {
		checkTarballFiles(tarball, stats[name].files);
		console.log(
			`${name} tarball: ${stats[name].files.length} files, no tests, maps, sources, .env or secrets`,
		);
	}
}

function checkVersions() {
	const zapierApps = readdirSync(join(root, 'zapier', 'apps'));
	const manifests = {
		root: readManifest('package.json'),
		core: stats['@hookbridge/core'].manifest,
		cli: stats.hookbridge.manifest,
		n8n: stats['n8n-nodes-hookbridge'].manifest,
		zapier: Object.fromEntries(
			zapierApps.map((app) => [
				`zapier/apps/${app}`,
				readManifest(`zapier/apps/${app}/package.json`),
			]),
		),
	};
	const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
	versionsSelfTest(manifests, changelog);
	const problems = versionProblems(manifests, changelog);
	if (problems.length) throw new Error(`versions disagree:\n  ${problems.join('\n  ')}`);
	console.log(
		`versions: ${manifests.root.version} everywhere (CHANGELOG.md, core, CLI, n8n, ${zapierApps.length} Zapier apps); the CLI pins the core and the root's dependencies`,
	);
}

function checkN8n() {
	const { files, manifest } = stats['n8n-nodes-hookbridge'];
	checkN8nFiles(tarballs['n8n-nodes-hookbridge'], files, manifest);
	lintPacked(tarballs['n8n-nodes-hookbridge'], n8nDir);
	const registered = manifest.n8n.nodes.length + manifest.n8n.credentials.length;
	console.log(
		`n8n-nodes-hookbridge: ${registered} registered files all packed, nothing else but icons; n8n-node lint passes on the tarball`,
	);
}

function checkCore() {
	const project = mkdtempSync(join(tmpdir(), 'hookbridge-core-'));
	try {
		writeFileSync(join(project, 'package.json'), '{ "private": true }\n');
		const install = [
			'install',
			tarballs['@hookbridge/core'],
			'--no-audit',
			'--no-fund',
			'--loglevel=error',
		];
		run('npm', install, project);
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
	} finally {
		rmSync(project, { recursive: true, force: true });
	}
}

function checkCli(node) {
	const env = nodeEnv(node, process.execPath);
	const version = run(node, ['--version'], root).trim();
	const started = performance.now();
	const project = installCli(env, [tarballs['@hookbridge/core'], tarballs.hookbridge]);
	try {
		const seconds = ((performance.now() - started) / 1000).toFixed(0);
		console.log(`hookbridge on Node ${version}: installed from the tarballs in ${seconds} s`);
		for (const line of cliChecks(project, env, stats.hookbridge.manifest.version)) {
			console.log(`hookbridge on Node ${version}: ${line}`);
		}
	} finally {
		rmSync(project, { recursive: true, force: true });
	}
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
