import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { StoreInUseError } from './gateway-store';

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
	/** The slot was lost (another gateway took it, or beats kept failing): stop relaying. */
	onLost?: (why: string) => void;
}

interface RunnerRow {
	token: string;
	pid: number;
	host: string;
	beat_at: number;
}

const DEFAULT_BEAT_MS = 2000;
const SILENT_BEATS = 3;

export const RUNNER_SCHEMA = `
CREATE TABLE IF NOT EXISTS runner_slot (
	slot INTEGER PRIMARY KEY CHECK (slot = 1),
	token TEXT NOT NULL,
	pid INTEGER NOT NULL,
	host TEXT NOT NULL,
	beat_at INTEGER NOT NULL
);`;

/**
 * The running gateway's claim on a SQLite file, kept alive by a heartbeat. Taking it puts back
 * the relays the previous holder left in flight, due at once: that holder is gone (its process
 * no longer exists on this host, or it stopped beating), so no one will settle them, and
 * waiting for their leases (attempt timeout + 20 s) would only delay every relay after a
 * restart. A holder that is still beating is waited for, three beats at most, then refused.
 * Looking and taking are one IMMEDIATE transaction, so two gateways starting together cannot
 * both take it; a random token, not the pid, says whose it is (pids repeat across containers).
 */
export class RunnerSlot {
	private timer: NodeJS.Timeout | undefined;
	private failedBeats = 0;

	private constructor(
		private readonly db: Database.Database,
		private readonly token: string,
		private readonly onLost: (why: string) => void,
	) {}

	/** Takes the slot; resolves to how many in-flight relays it put back. */
	static async take(
		db: Database.Database,
		file: string,
		options: RunnerOptions = {},
	): Promise<{ slot: RunnerSlot; released: number }> {
		const beatMs = options.beatMs ?? DEFAULT_BEAT_MS;
		const identity = options.identity ?? { pid: process.pid, host: hostname() };
		const token = randomUUID();
		const giveUpAt = Date.now() + SILENT_BEATS * beatMs;
		for (;;) {
			const taken = tryTake(db, token, identity, beatMs);
			if (typeof taken === 'number') {
				const slot = new RunnerSlot(db, token, options.onLost ?? (() => undefined));
				slot.timer = setInterval(() => slot.beat(), beatMs).unref();
				return { slot, released: taken };
			}
			if (Date.now() >= giveUpAt) throw new StoreInUseError(file, taken);
			await sleep(beatMs / 2);
		}
	}

	/** Gives the slot up (a clean stop): the next gateway starts without waiting. */
	leave(): void {
		clearInterval(this.timer);
		this.db.prepare('DELETE FROM runner_slot WHERE token = ?').run(this.token);
	}

	private beat(): void {
		let held: boolean;
		try {
			const sql = 'UPDATE runner_slot SET beat_at = ? WHERE token = ?';
			held = this.db.prepare(sql).run(Date.now(), this.token).changes === 1;
			this.failedBeats = 0;
		} catch (error) {
			// A busy file misses a beat; silent for three beats, the slot is another's to take.
			if (++this.failedBeats < SILENT_BEATS) return;
			clearInterval(this.timer);
			this.onLost(`heartbeat failed ${this.failedBeats} times: ${(error as Error).message}`);
			return;
		}
		if (!held) {
			clearInterval(this.timer);
			this.onLost('another gateway took the SQLite file over');
		}
	}
}

/** The released count when the slot is ours now; otherwise who holds it. */
function tryTake(
	db: Database.Database,
	token: string,
	self: RunnerIdentity,
	beatMs: number,
): number | RunnerIdentity {
	return db
		.transaction(() => {
			const holder = db
				.prepare<[], RunnerRow>('SELECT token, pid, host, beat_at FROM runner_slot')
				.get();
			if (holder && !isGone(holder, self, beatMs)) return { pid: holder.pid, host: holder.host };
			db.prepare(
				'INSERT OR REPLACE INTO runner_slot (slot, token, pid, host, beat_at) VALUES (1, ?, ?, ?, ?)',
			).run(token, self.pid, self.host, Date.now());
			return db
				.prepare("UPDATE relays SET state = 'pending', lease_until = NULL WHERE state = 'inflight'")
				.run().changes;
		})
		.immediate();
}

/**
 * Gone: on this host, its process no longer exists; anywhere, silent for three beats. A live
 * pid that stopped beating (a stalled process, or a pid reused by another program) is gone too
 * once it has been silent that long: a takeover then costs duplicate relays, never lost ones.
 */
function isGone(holder: RunnerRow, self: RunnerIdentity, beatMs: number): boolean {
	if (Date.now() - holder.beat_at > SILENT_BEATS * beatMs) return true;
	return holder.host === self.host && holder.pid !== self.pid && !processExists(holder.pid);
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
