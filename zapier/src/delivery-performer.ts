import { createHash } from 'node:crypto';
import type { ZObject } from 'zapier-platform-core';
import {
	dedupeKey,
	type NormalizedEvent,
	type Profile,
	verifyDelivery,
	WebhookError,
} from '@hookbridge/core';
import type { HookBundle } from './hook-bundle';
import { zCacheDedupe } from './z-cache-dedupe';

export type HookMode = 'rest' | 'static';

/**
 * perform: receive() on the raw request exactly as Zapier hands it over (Http- headers, raw
 * `content`), with the subscription's secret (REST hooks) or the connection's (static hooks).
 * A forged or stale delivery throws a clear error and returns nothing; a repeat of an event
 * this Zap already got returns nothing; `types` keeps the trigger to its own event types.
 */
export function deliveryPerformer(profile: Profile, mode: HookMode, types?: readonly string[]) {
	return async (z: ZObject, bundle: HookBundle): Promise<NormalizedEvent[]> => {
		const raw = bundle.rawRequest ?? {};
		const auth = bundle.authData as Record<string, unknown>;
		const secrets = (
			mode === 'rest'
				? [bundle.subscribeData?.secret]
				: [auth.signingSecret, auth.previousSigningSecret]
		).filter((s): s is string => typeof s === 'string' && s !== '');
		const unsigned =
			mode === 'static' && secrets.length === 0 && String(auth.allowUnsigned) === 'true';
		let event: NormalizedEvent;
		try {
			event = verifyDelivery(
				profile,
				{ headers: raw.headers ?? {}, body: raw.content ?? '' },
				// Zapier serialises the event: refuse what would not survive that (stack, 2^53).
				{ secrets, skipVerification: unsigned, strictJson: true },
			);
		} catch (error) {
			if (error instanceof WebhookError)
				throw new z.errors.Error(error.message, error.code, error.status);
			throw error;
		}
		if (types && !types.includes(event.type)) return [];
		// Keyed per Zap: two Zaps on the same event each get it once.
		const zap =
			bundle.subscribeData?.id ??
			String(
				(bundle.meta as { zap?: { id?: unknown } } | undefined)?.zap?.id ?? hash(secrets.join()),
			);
		const seen = await zCacheDedupe(z).remember(
			`hookbridge:${zap}:${dedupeKey(event)}`,
			profile.delivery.retryWindowSeconds,
			Date.now(),
		);
		return seen ? [] : [event];
	};
}

function hash(text: string): string {
	return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
