import { randomBytes, randomUUID } from 'node:crypto';
import { accountIdLike, genericAccountId } from './account-id-like';
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

/** Account ids look like each provider's own (workspace, partner, organisation ids). */
const ID_FORMAT: Record<string, () => string> = {
	velaflows: () => `ws_${randomBytes(6).toString('hex')}`,
	vellocity: () => `prt_${randomBytes(6).toString('hex')}`,
	flowella: () => `acc_${randomBytes(6).toString('hex')}`,
	inboundflow: () => randomUUID(),
};
const KEY_PREFIX: Record<string, string> = {
	velaflows: 'vf_live_',
	vellocity: 'vell_',
	flowella: 'fl_key_',
	inboundflow: 'ibf_key_',
};

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

	/** `sampleId`: an account id from the provider's samples, whose shape new ids copy. */
	create(provider: string, plan: string, sampleId?: string): Account {
		const derived = sampleId === undefined ? null : accountIdLike(sampleId);
		const account: Account = {
			id: ID_FORMAT[provider]?.() ?? derived ?? genericAccountId(),
			provider,
			apiKey: `${KEY_PREFIX[provider] ?? 'key_'}${randomBytes(16).toString('hex')}`,
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
