import type Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { sqliteDriver } from '../../gateway/store/sqlite-driver';

export type Db = Database.Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS accounts (
	id TEXT PRIMARY KEY,
	provider TEXT NOT NULL,
	api_key TEXT NOT NULL UNIQUE,
	plan TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS webhooks (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	id TEXT NOT NULL UNIQUE,
	provider TEXT NOT NULL,
	account_id TEXT NOT NULL REFERENCES accounts(id),
	url TEXT NOT NULL,
	events TEXT NOT NULL,
	secret TEXT,
	description TEXT,
	active INTEGER NOT NULL DEFAULT 1,
	disabled_reason TEXT,
	failure_count INTEGER NOT NULL DEFAULT 0,
	last_triggered_at TEXT,
	last_response_code INTEGER,
	created_at TEXT NOT NULL,
	deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS webhooks_account ON webhooks(account_id, deleted);
CREATE TABLE IF NOT EXISTS events (
	id TEXT PRIMARY KEY,
	provider TEXT NOT NULL,
	account_id TEXT NOT NULL,
	type TEXT NOT NULL,
	data TEXT NOT NULL,
	body TEXT,
	test INTEGER NOT NULL DEFAULT 0,
	occurred_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS deliveries (
	id TEXT PRIMARY KEY,
	event_id TEXT NOT NULL REFERENCES events(id),
	webhook_seq INTEGER NOT NULL REFERENCES webhooks(seq),
	state TEXT NOT NULL,
	attempts INTEGER NOT NULL DEFAULT 0,
	next_at INTEGER NOT NULL,
	first_at INTEGER,
	lease_until INTEGER,
	created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries(state, next_at);
CREATE INDEX IF NOT EXISTS deliveries_webhook ON deliveries(webhook_seq, state);
CREATE TABLE IF NOT EXISTS attempts (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	delivery_id TEXT NOT NULL REFERENCES deliveries(id),
	attempt INTEGER NOT NULL,
	url TEXT NOT NULL,
	status_code INTEGER,
	response_body TEXT,
	error TEXT,
	duration_ms INTEGER NOT NULL,
	at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS attempts_delivery ON attempts(delivery_id);
`;

/**
 * Opens (creating if needed) the provider's SQLite file. WAL with synchronous=NORMAL: a
 * committed transaction survives the process being killed at any moment (only an OS crash
 * could lose the last ones), which is the durability the outbox promises.
 */
export function openDatabase(file: string): Db {
	if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
	const db = new (sqliteDriver())(file);
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = NORMAL');
	db.pragma('foreign_keys = ON');
	db.pragma('busy_timeout = 5000');
	db.exec(SCHEMA);
	return db;
}
