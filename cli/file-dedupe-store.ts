import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DedupeStore } from '@hookbridge/core';

/**
 * Dedupe across separate `hookbridge verify` runs: seen keys and their expiry in a small JSON
 * file. One writer at a time is assumed (a shell loop), so read-modify-rename is enough.
 */
export class FileDedupeStore implements DedupeStore {
	constructor(private readonly path: string) {}

	remember(key: string, ttlSeconds: number, nowMs: number): boolean {
		const seen = this.load(nowMs);
		if ((seen[key] ?? 0) > nowMs) return true;
		seen[key] = nowMs + ttlSeconds * 1000;
		this.save(seen);
		return false;
	}

	forget(key: string): void {
		const seen = this.load(Date.now());
		delete seen[key];
		this.save(seen);
	}

	private load(nowMs: number): Record<string, number> {
		let parsed: unknown;
		try {
			parsed = JSON.parse(readFileSync(this.path, 'utf8'));
		} catch {
			return {};
		}
		const seen: Record<string, number> = {};
		if (parsed && typeof parsed === 'object') {
			for (const [key, expiry] of Object.entries(parsed)) {
				if (typeof expiry === 'number' && expiry > nowMs) seen[key] = expiry;
			}
		}
		return seen;
	}

	private save(seen: Record<string, number>): void {
		mkdirSync(dirname(this.path), { recursive: true });
		const temporary = `${this.path}.${process.pid}.tmp`;
		writeFileSync(temporary, JSON.stringify(seen));
		renameSync(temporary, this.path);
	}
}
