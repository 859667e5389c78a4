import { randomBytes, randomInt, randomUUID } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CLASSES = [
	{ tail: /[0-9a-f]+$/, alphabet: '0123456789abcdef' },
	{ tail: /[0-9A-Z]+$/, alphabet: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ' },
] as const;

/**
 * A new account id shaped like the one in a provider's samples (`AC` + 32 hex digits,
 * `T` + upper-case letters and digits, a UUID): its prefix kept, its varying tail made
 * afresh with the same kind of characters and length, so the provider's own event schemas
 * accept the ids the reference provider hands out. Null when the sample has no such tail.
 */
export function accountIdLike(sample: string): string | null {
	if (UUID.test(sample)) return randomUUID();
	for (const { tail, alphabet } of CLASSES) {
		const match = tail.exec(sample);
		// A short tail is a word, not an id's random part (`acc_main`).
		if (!match || match[0].length < 4) continue;
		// At least the first character stays: some team ids are `T` + the same alphabet.
		const prefix = sample.slice(0, Math.max(match.index, 1));
		let fresh = '';
		for (let i = prefix.length; i < sample.length; i++)
			fresh += alphabet[randomInt(alphabet.length)];
		return `${prefix}${fresh}`;
	}
	return null;
}

/** An account id for a provider with no sample to copy. */
export function genericAccountId(): string {
	return `acct_${randomBytes(6).toString('hex')}`;
}

/** An account id from a persona's pattern: `{hex:N}` becomes N hex digits, `{uuid}` a UUID. */
export function accountIdFrom(pattern: string): string {
	return pattern
		.replace(/\{hex:(\d+)\}/g, (_, n: string) =>
			randomBytes(Math.ceil(Number(n) / 2))
				.toString('hex')
				.slice(0, Number(n)),
		)
		.replace(/\{uuid\}/g, () => randomUUID());
}
