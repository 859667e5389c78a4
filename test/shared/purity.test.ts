import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// The shared core must run inside every platform: no HTTP client, no environment, no timers.
// Every file of it is checked: the HTTP client lives with the CLI (cli/http/), not here.
const root = join(__dirname, '..', '..', 'shared');
const ALLOWED = new Set(['zod/v4', 'node:crypto', 'node:buffer']);
const FORBIDDEN_GLOBALS = /\b(process\.|setTimeout|setInterval|setImmediate|globalThis|require\()/;

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sourceFiles(path);
		return path.endsWith('.ts') ? [path] : [];
	});
}

const files = sourceFiles(root);

test('the core has source files to check', () => {
	expect(files.length).toBeGreaterThan(20);
});

test.each(files.map((f) => [relative(root, f), f]))(
	'%s imports only zod/v4, node:crypto, node:buffer and itself',
	(_name, file) => {
		const text = readFileSync(file, 'utf8');
		const specifiers = [
			...text.matchAll(/(?:import|export)[^'";]*?from\s+'([^']+)'|import\('([^']+)'\)/g),
		].map((m) => m[1] ?? m[2] ?? '');
		for (const specifier of specifiers) {
			if (specifier.startsWith('.')) continue;
			expect(ALLOWED.has(specifier) ? specifier : `forbidden import ${specifier}`).toBe(specifier);
		}
		const code = text.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
		expect(code.match(FORBIDDEN_GLOBALS)?.[0] ?? null).toBeNull();
	},
);

test('no core file imports from outside the core', () => {
	for (const file of files) {
		const text = readFileSync(file, 'utf8');
		for (const m of text.matchAll(/from\s+'(\.[^']*)'/g)) {
			const target = join(file, '..', m[1] ?? '');
			expect(relative(root, target).startsWith('..') ? `${file} → ${target}` : 'inside').toBe(
				'inside',
			);
		}
	}
});

// Crypto is node:crypto's, used as documented: HMACs from createHmac, digests compared with
// timingSafeEqual, nothing rebuilt from hash primitives, no hand-written comparison loop. An
// HMAC key may be held as node:crypto's own KeyObject (createSecretKey), which createHmac takes.
const CRYPTO_NAMES = new Set([
	'createHmac',
	'timingSafeEqual',
	'createHash',
	'randomBytes',
	'createSecretKey',
	'KeyObject',
]);

test.each(files.map((f) => [relative(root, f), f]))(
	'%s uses node:crypto only through createHmac, timingSafeEqual, createHash, randomBytes, keys',
	(_name, file) => {
		const text = readFileSync(file, 'utf8');
		for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'node:crypto'/g)) {
			const names = (m[1] ?? '').split(',').map((n) => n.trim().replace(/^type\s+/, ''));
			for (const name of names.filter(Boolean)) {
				expect(CRYPTO_NAMES.has(name) ? name : `node:crypto ${name}`).toBe(name);
			}
		}
		expect(text).not.toMatch(/import \* as \w+ from 'node:crypto'/);
		// A digest compared character by character (`a.charCodeAt(i) ^ b.charCodeAt(i)`).
		expect(text).not.toMatch(/charCodeAt\([^)]*\)\s*\^/);
		expect(text).not.toMatch(/createHash\(['"]sha256['"]\)[^;]*(0x36|0x5c)/s);
	},
);
