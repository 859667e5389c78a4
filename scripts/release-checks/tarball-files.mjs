// What a published tarball must not hold: tests, source maps, TypeScript sources, environment
// files, or anything that looks like a secret.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FORBIDDEN_PATHS = [
	[/(^|\/)(test|tests|__tests__)\//, 'a test folder'],
	[/\.(test|spec)\.[cm]?[jt]s$/, 'a test file'],
	[/\.map$/, 'a source map'],
	[/(^|\/)\.env(\.|$)/, 'an environment file'],
	[/(?<!\.d)\.ts$/, 'a TypeScript source'],
	[/\.(pem|key|p12)$/, 'a key file'],
];
const SECRET_LOOKING = [
	/whsec_[A-Za-z0-9+/=]{16,}/,
	/\bsk_(live|test)_[A-Za-z0-9]{8,}/,
	/-----BEGIN [A-Z ]*PRIVATE KEY-----/,
	/\bAKIA[0-9A-Z]{16}\b/,
];

/** Throws naming the first file that should not be published. */
export function checkTarballFiles(tarball, files) {
	for (const file of files) {
		const path = file.replace(/^package\//, '');
		for (const [pattern, what] of FORBIDDEN_PATHS) {
			if (pattern.test(path)) throw new Error(`${tarball}: ${path} is ${what}`);
		}
	}
	const text = execFileSync('tar', ['xzOf', tarball], { encoding: 'utf8', maxBuffer: 64 << 20 });
	const pattern = SECRET_LOOKING.find((candidate) => candidate.test(text));
	if (!pattern) return;
	// Only now, file by file: which one it is.
	const holder = files.find((file) =>
		pattern.test(execFileSync('tar', ['xzOf', tarball, file], { encoding: 'utf8' })),
	);
	throw new Error(`${tarball}: ${holder} looks like it holds a secret (${pattern})`);
}

/** The check refuses what it is for: a planted source map and a planted secret are both caught. */
export function selfTest(dir) {
	const planted = [
		['index.js.map', '{}', 'source map'],
		['index.js', `const s = 'whsec_${'A'.repeat(32)}';`, 'secret'],
	];
	for (const [name, content, what] of planted) {
		mkdirSync(join(dir, 'package'), { recursive: true });
		writeFileSync(join(dir, 'package', name), content);
		const tarball = join(dir, `${what.replace(' ', '-')}.tgz`);
		execFileSync('tar', ['czf', tarball, '-C', dir, 'package']);
		rmSync(join(dir, 'package'), { recursive: true });
		let caught = false;
		try {
			checkTarballFiles(tarball, [`package/${name}`]);
		} catch {
			caught = true;
		}
		if (!caught) throw new Error(`the tarball check let a planted ${what} through`);
	}
}
