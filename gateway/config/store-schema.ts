import { z } from 'zod/v4';

export const DEFAULT_STORE = 'sqlite:./.hookbridge/gateway.sqlite';

/**
 * Where events and relays are kept. `file` is absolute once `loadGatewayConfig` has resolved it
 * against the config file's directory (or `:memory:`); `url` may hold a Redis password, so it
 * is never logged or put in a message.
 */
export type StoreConfig = { kind: 'sqlite'; file: string } | { kind: 'redis'; url: string };

/** The store stays one readable string in the file; the parsed form is what the gateway uses. */
export const storeSchema = z
	.string()
	.default(DEFAULT_STORE)
	.transform((text, ctx): StoreConfig => {
		const store = parseStore(text);
		if (store) return store;
		ctx.issues.push({
			code: 'custom',
			input: text,
			message:
				'must be sqlite:<path> (relative to this file, or sqlite::memory:) or redis://host:port (rediss:// for TLS)',
		});
		return z.NEVER;
	})
	.describe(
		"Where events and relays are kept: `sqlite:<path>` (relative to the config file's directory; `sqlite::memory:` for tests) for one instance, or `redis://…`/`rediss://…` for several instances sharing one store.",
	);

function parseStore(text: string): StoreConfig | undefined {
	if (text.startsWith('sqlite:')) {
		const file = text.slice('sqlite:'.length);
		return file.trim() === '' ? undefined : { kind: 'sqlite', file };
	}
	if (/^rediss?:\/\//i.test(text) && URL.canParse(text) && new URL(text).hostname !== '') {
		return { kind: 'redis', url: text };
	}
	return undefined;
}
