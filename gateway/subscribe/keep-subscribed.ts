import type { Profile, Subscription } from '@hookbridge/core';
import { SubscriptionClient } from '../../cli/http/subscription-client';
import type { SubscribeConfig } from '../config/gateway-config';
import type { JsonLog } from '../log/json-log';
import type { GatewayStore } from '../store/gateway-store';

export interface SubscribedSource {
	id: string;
	profile: Profile;
	subscribe: SubscribeConfig;
}

/**
 * Makes sure the provider has exactly the gateway's webhook for a source, and returns the
 * secret it signs with. The secret lives in the store (shared by every instance), because an
 * API may show it only once. A webhook at our URL whose secret we never saved (created by hand,
 * or by a store that was since wiped) is replaced: we cannot verify what it sends. A disabled
 * one is re-enabled where the API can, else replaced. The webhook is kept when the gateway
 * stops: deliveries made while it is down are retried by the provider.
 */
export async function keepSubscribed(
	store: GatewayStore,
	source: SubscribedSource,
	log: JsonLog,
	client = new SubscriptionClient(source.profile, source.subscribe.credentials),
): Promise<string> {
	const { publicUrl, events } = source.subscribe;
	const ours = (await client.list()).filter((s) => s.url === publicUrl);
	const saved = await store.sourceSecret(source.id);
	const kept = saved === undefined ? undefined : await usable(client, ours[0], events);
	if (saved !== undefined && kept) {
		for (const extra of ours.slice(1)) await client.unsubscribe(extra.id);
		log('subscription.kept', { source: source.id, subscription: kept.id });
		return saved;
	}
	for (const stale of ours) await client.unsubscribe(stale.id);
	const created = await client.subscribe({
		url: publicUrl,
		events,
		description: `hookbridge gateway source ${source.id}`,
	});
	await store.saveSourceSecret(source.id, created.secret);
	log('subscription.created', {
		source: source.id,
		subscription: created.id,
		replaced: ours.length,
	});
	return created.secret;
}

/** The existing subscription, brought up to date, or undefined when it has to be replaced. */
async function usable(
	client: SubscriptionClient,
	existing: Subscription | undefined,
	events: readonly string[],
): Promise<Subscription | undefined> {
	if (!existing) return undefined;
	const sameEvents =
		existing.events.length === events.length && events.every((e) => existing.events.includes(e));
	if (existing.active && sameEvents) return existing;
	if (!client.profile.api?.endpoints.update) return undefined;
	await client.update(existing.id, { events, active: true });
	return existing;
}
