import { randomBytes } from 'node:crypto';
import type { Db } from './open-database';

export interface Account {
	id: string;
	provider: string;
	apiKey: string;
	plan: string;
	createdAt: string;
}

interface AccountRow {
	id: string;
	provider: string;
	api_key: string;
	plan: string;
	created_at: string;
}

export class AccountsRepo {
	private readonly insert;
	private readonly byKey;
	private readonly byId;
	private readonly all;

	constructor(db: Db) {
		this.insert = db.prepare(
			'INSERT INTO accounts (id, provider, api_key, plan, created_at) VALUES (?, ?, ?, ?, ?)',
		);
		this.byKey = db.prepare<[string, string], AccountRow>(
			'SELECT * FROM accounts WHERE api_key = ? AND provider = ?',
		);
		this.byId = db.prepare<[string, string], AccountRow>(
			'SELECT * FROM accounts WHERE id = ? AND provider = ?',
		);
		this.all = db.prepare<[string], AccountRow>(
			'SELECT * FROM accounts WHERE provider = ? ORDER BY created_at',
		);
	}

	list(provider: string): Account[] {
		return this.all.all(provider).map((row) => toAccount(row) as Account);
	}

	/** `made`: the new account's id and what its API key starts with (the persona's shapes). */
	create(provider: string, plan: string, made: { id: string; keyPrefix: string }): Account {
		const account: Account = {
			id: made.id,
			provider,
			apiKey: `${made.keyPrefix}${randomBytes(16).toString('hex')}`,
			plan,
			createdAt: new Date().toISOString(),
		};
		this.insert.run(account.id, provider, account.apiKey, plan, account.createdAt);
		return account;
	}

	findByKey(provider: string, apiKey: string): Account | undefined {
		return toAccount(this.byKey.get(apiKey, provider));
	}

	find(provider: string, id: string): Account | undefined {
		return toAccount(this.byId.get(id, provider));
	}
}

function toAccount(row: AccountRow | undefined): Account | undefined {
	if (!row) return undefined;
	return {
		id: row.id,
		provider: row.provider,
		apiKey: row.api_key,
		plan: row.plan,
		createdAt: row.created_at,
	};
}
