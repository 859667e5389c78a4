import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { sqliteDriver } from '../../gateway/store/sqlite-driver';

const major = Number(process.versions.node.split('.')[0]);
const load = createRequire(__filename);

// The line each Node must get, written here: 13.x (Node-API) from Node 22 on, 12.x on Node 20.
test('the SQLite driver is the better-sqlite3 line that is safe on this Node', () => {
	const expected = major >= 22 ? 'better-sqlite3-napi' : 'better-sqlite3';
	expect(sqliteDriver()).toBe(load(expected));
	const { version } = load(`${expected}/package.json`) as { version: string };
	expect(version.split('.')[0]).toBe(major >= 22 ? '13' : '12');
});

// What broke: better-sqlite3 12 on Node 24.19+ aborts the process when a statement is
// garbage-collected or finalised at exit. A child that prepares thousands of statements it
// drops, collects them, and exits must exit 0 (CI runs this suite on Node 22 and 24 too).
test('statements dropped, collected and finalised at exit do not crash the process', () => {
	const driver = join(__dirname, '..', '..', 'dist', 'gateway', 'store', 'sqlite-driver.js');
	const script = `
		const Database = require(${JSON.stringify(driver)}).sqliteDriver();
		const db = new Database(':memory:');
		db.exec('CREATE TABLE t (x INTEGER)');
		for (let i = 0; i < 5000; i++) db.prepare('INSERT INTO t VALUES (?)').run(i);
		globalThis.gc();
		for (let i = 0; i < 5000; i++) db.prepare('SELECT count(*) AS n FROM t').get();
		globalThis.gc();
		console.log(db.prepare('SELECT count(*) AS n FROM t').get().n);
	`;
	const child = spawnSync(process.execPath, ['--expose-gc', '-e', script], {
		encoding: 'utf8',
		timeout: 120_000,
	});
	expect(child.stderr).toBe('');
	expect({ status: child.status, signal: child.signal }).toEqual({ status: 0, signal: null });
	expect(child.stdout.trim()).toBe('5000');
}, 150_000);
