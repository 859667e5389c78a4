import type { ZObject } from 'zapier-platform-core';
import { type Credentials, type Profile, SubscriptionError, subscriptions } from '@hookbridge/core';
import { credentialsFrom } from './credentials';
import type { HookBundle, Subscription } from './hook-bundle';
import { toZapierError } from './zapier-error';
import { zRequest } from './z-request';

/**
 * performSubscribe: registers the Zap's URL for `events(bundle)` through the shared builders.
 * Idempotent: a hook already registered for this URL (a retried activation) is replaced, since
 * neither provider shows an existing hook's secret again; the Zap never ends up with two.
 */
export function subscriber(
	profile: Profile,
	events: (bundle: HookBundle) => string[],
	label: string,
) {
	return async (z: ZObject, bundle: HookBundle): Promise<Subscription> => {
		const credentials = credentialsFrom(profile, bundle);
		try {
			for (const stale of (
				await subscriptions.listAllSubscriptions(profile, credentials, (request) =>
					zRequest(z, request),
				)
			).filter((s) => s.url === bundle.targetUrl)) {
				await deleteWithRetry(z, profile, credentials, stale.id);
			}
			const { request, secret } = subscriptions.subscribeRequest(profile, credentials, {
				url: bundle.targetUrl ?? '',
				events: events(bundle),
				description: `Zapier: ${label}`,
			});
			return subscriptions.parseSubscribeResponse(profile, await zRequest(z, request), secret);
		} catch (error) {
			throw toZapierError(z, error);
		}
	};
}

/**
 * performUnsubscribe: deletes the Zap's hook; already gone is fine. Zapier ignores errors
 * here, so a transient failure is retried once and then reported with how to clean up.
 */
export function unsubscriber(profile: Profile) {
	return async (z: ZObject, bundle: HookBundle): Promise<object> => {
		const id = bundle.subscribeData?.id;
		if (!id) return {};
		try {
			return await deleteWithRetry(z, profile, credentialsFrom(profile, bundle), id);
		} catch (error) {
			const reason = error instanceof Error ? error.message : String(error);
			throw toZapierError(
				z,
				new SubscriptionError(
					error instanceof SubscriptionError ? error.code : 'provider_unavailable',
					`${reason} The ${profile.name} webhook ${id} may still exist: delete it with "hookbridge subscriptions delete ${id}".`,
					error instanceof SubscriptionError ? error.status : 0,
				),
			);
		}
	};
}

async function deleteWithRetry(z: ZObject, profile: Profile, credentials: Credentials, id: string) {
	for (let attempt = 1; ; attempt++) {
		try {
			return subscriptions.parseUnsubscribeResponse(
				profile,
				await zRequest(z, subscriptions.unsubscribeRequest(profile, credentials, id)),
			);
		} catch (error) {
			if (attempt >= 2 || !transient(error)) throw error;
		}
	}
}

function transient(error: unknown): boolean {
	if (!(error instanceof SubscriptionError)) return true; // network failure inside z.request
	return ['provider_unavailable', 'rate_limited', 'unexpected_response'].includes(error.code);
}
