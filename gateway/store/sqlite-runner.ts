import type Database from 'better-sqlite3';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

/** Who relays from a SQLite file: one gateway process at a time. */
export interface RunnerIdentity {
	pid: number;
	host: string;
}

export interface RunnerOptions {
	/** How often the running gateway says it is alive; silent for three beats is gone. */
	beatMs?: number;
	/** Whose slot this is (tests stand in for other processes); this process by default. */
	identity?: RunnerIdentity;
}

interface RunnerRow {
	pid: number;
	host: string;
	beat_at: number;
}

/** Another gateway is alive on the same SQLite file: two would hand out each other's relays. */
export class StoreInUseError extends Error {
	readonly code = 'store_in_use';

	constructor(file: string, holder: RunnerIdentity) {
		super(
			`Another gateway (pid ${holder.pid} on ${holder.host}) is relaying from ${file}. One gateway per SQLite file; use a Redis store to run several instances.`,
		);
		this.name = 'StoreInUseError';
	}
}

const DEFAULT_BEAT_MS = 2000;
const SILENT_BEATS = 3;

export const RUNNER_SCHEMA = `
CREATE TABLE IF NOT EXISTS runner (
	slot INTEGER PRIMARY KEY CHECK (slot = 1),
	pid INTEGER NOT NULL,
	host TEXT NOT NULL,
	beat_at INTEGER NOT NULL
);`;

/**
 * The running gateway's claim on a SQLite file, kept alive by a heartbeat. Taking it puts back
 * the relays the previous holder left in flight, due at once: that holder is gone (its process
 * no longer exists on this host, or it stopped beating), so no one will settle them, and
 * waiting for their leases (attempt timeout + a minute) would only delay every relay after a
 * restart. A holder that is still beating is waited for, three beats at most, then refused.
 */
export class RunnerSlot {
	private timer: NodeJS.Timeout | undefined;

	private constructor(
		private readonly db: Database.Database,
		private readonly identity: RunnerIdentity,
	) {}

	/** Takes the slot; resolves to how many in-flight relays it put back. */
	static async take(
		db: Database.Database,
		file: string,
		options: RunnerOptions = {},
	): Promise<{ slot: RunnerSlot; released: number }> {
		const beatMs = options.beatMs ?? DEFAULT_BEAT_MS;
		const identity = options.identity ?? { pid: process.pid, host: hostname() };
		const giveUpAt = Date.now() + SILENT_BEATS * beatMs;
		for (;;) {
			const holder = db.prepare<[], RunnerRow>('SELECT pid, host, beat_at FROM runner').get();
			if (!holder || isGone(holder, identity, beatMs)) break;
			if (Date.now() >= giveUpAt) throw new StoreInUseError(file, holder);
			await sleep(beatMs / 2);
		}
		const released = db.transaction(() => {
			db.prepare(
				'INSERT INTO runner (slot, pid, host, beat_at) VALUES (1, ?, ?, ?) ON CONFLICT (slot) DO UPDATE SET pid = excluded.pid, host = excluded.host, beat_at = excluded.beat_at',
			).run(identity.pid, identity.host, Date.now());
			return db
				.prepare("UPDATE relays SET state = 'pending', lease_until = NULL WHERE state = 'inflight'")
				.run().changes;
		})();
		const slot = new RunnerSlot(db, identity);
		slot.timer = setInterval(() => slot.beat(), beatMs).unref();
		return { slot, released };
	}

	/** Gives the slot up (a clean stop): the next gateway starts without waiting. */
	leave(): void {
		clearInterval(this.timer);
		this.db
			.prepare('DELETE FROM runner WHERE pid = ? AND host = ?')
			.run(this.identity.pid, this.identity.host);
	}

	private beat(): void {
		try {
			this.db
				.prepare('UPDATE runner SET beat_at = ? WHERE pid = ? AND host = ?')
				.run(Date.now(), this.identity.pid, this.identity.host);
		} catch {
			// A busy file misses a beat; three in a row would have to be missed to lose the slot.
		}
	}
}

/** Gone: silent for three beats, or (same host) its process no longer exists, or it is us. */
function isGone(holder: RunnerRow, self: RunnerIdentity, beatMs: number): boolean {
	if (Date.now() - holder.beat_at > SILENT_BEATS * beatMs) return true;
	if (holder.host !== self.host) return false;
	return holder.pid === self.pid || !processExists(holder.pid);
}

function processExists(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: it exists, under another user.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
