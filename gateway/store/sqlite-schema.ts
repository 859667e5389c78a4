/**
 * The SQLite gateway's tables. A relay keeps copies of its event's source, id and receipt time
 * so claim, replay and status filter on the relay row alone; the `relays_due` index is walked
 * in order by claim and nextDueAt, and per state by status, so none of them reads the
 * delivered history. Relays cascade with their event: retention deletes events only.
 * `destinations.delivered` is a running total, so pruning old relays does not make it shrink.
 */
export const SQLITE_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
	source TEXT NOT NULL,
	event_id TEXT NOT NULL,
	type TEXT NOT NULL,
	body TEXT NOT NULL,
	received_at INTEGER NOT NULL,
	PRIMARY KEY (source, event_id)
);
CREATE INDEX IF NOT EXISTS events_received ON events(received_at);
CREATE TABLE IF NOT EXISTS relays (
	id TEXT PRIMARY KEY,
	source TEXT NOT NULL,
	event_id TEXT NOT NULL,
	destination TEXT NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('pending', 'inflight', 'delivered', 'dead')),
	attempts INTEGER NOT NULL DEFAULT 0,
	next_at INTEGER NOT NULL,
	lease_until INTEGER,
	last_status INTEGER,
	last_error TEXT,
	received_at INTEGER NOT NULL,
	settled_at INTEGER,
	FOREIGN KEY (source, event_id) REFERENCES events(source, event_id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS relays_due ON relays(destination, state, next_at, received_at);
CREATE INDEX IF NOT EXISTS relays_event ON relays(source, event_id);
CREATE TABLE IF NOT EXISTS destinations (
	id TEXT PRIMARY KEY,
	paused INTEGER NOT NULL DEFAULT 0,
	paused_reason TEXT,
	paused_at INTEGER,
	last_error TEXT,
	delivered INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS source_counts (
	source TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('received', 'duplicates', 'refused')),
	code TEXT NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (source, kind, code)
);
CREATE TABLE IF NOT EXISTS source_secrets (
	source TEXT PRIMARY KEY,
	secret TEXT NOT NULL,
	saved_at INTEGER NOT NULL
);
`;
