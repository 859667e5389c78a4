import type BetterSqlite3 from 'better-sqlite3';

/**
 * better-sqlite3, the build that is safe on the Node this runs on. The 12.x line (a raw
 * node::ObjectWrap addon) aborts the whole process on Node 24.19 and later when a statement is
 * garbage-collected ("Assertion failed: (env) != nullptr" in RemoveEnvironmentCleanupHook,
 * nodejs/node#65446; seen here on 24.21.0, in the demo, from the installed package). The 13.x
 * line uses Node-API and ships its binaries, but needs Node 22: on Node 20 it segfaults. Same
 * API, so: 13.x (installed as `better-sqlite3-napi`) from Node 22 on, 12.x on Node 20. Loaded
 * on first use, because loading the wrong one is what crashes.
 */
export function sqliteDriver(): typeof BetterSqlite3 {
	const major = Number(process.versions.node.split('.')[0]);
	const name = major >= 22 ? 'better-sqlite3-napi' : 'better-sqlite3';
	try {
		// A plain require: which module loads depends on the running Node (see above).
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		return require(name) as typeof BetterSqlite3;
	} catch (error) {
		const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
		throw new Error(
			`SQLite is unavailable on Node ${process.versions.node}: ${name} did not load (${why}). ` +
				'On Node 20 it is compiled when hookbridge is installed, which needs python3, make and a C++ compiler.',
		);
	}
}
