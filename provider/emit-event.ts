import { randomBytes } from 'node:crypto';
import { sampleEvent } from '@hookbridge/core';
import type { ProviderContext } from './provider-context';
import type { Webhook } from './store/webhooks';

export interface EmitRequest {
	provider: string;
	accountId: string;
	type: string;
	data?: unknown;
	/** Send only to this webhook, whatever its events (Send test / Test Webhook). */
	only?: Webhook;
	test?: boolean;
	/** A provider-specific body instead of the envelope (a test call's catalog sample). */
	body?: Record<string, unknown>;
}

/**
 * Records an event and its deliveries durably, then wakes the dispatcher. Fans out to every
 * active webhook of the account subscribed to the type (or to `only`).
 */
export function emitEvent(
	context: ProviderContext,
	request: EmitRequest,
): { eventId: string; deliveries: string[] } {
	const targets = request.only
		? [request.only]
		: context.webhooks
				.active(request.provider, request.accountId)
				.filter((w) => w.events.includes(request.type));
	const eventId = `evt_${randomBytes(12).toString('hex')}`;
	const deliveries = context.outbox.emit(
		{
			id: eventId,
			provider: request.provider,
			accountId: request.accountId,
			type: request.type,
			data:
				request.data === undefined
					? sampleData(context, request.provider, request.type)
					: request.data,
			...(request.body ? { body: request.body } : {}),
			test: request.test ?? false,
			occurredAt: new Date().toISOString(),
		},
		targets,
		Date.now(),
	);
	if (deliveries.length > 0) context.dispatcher.wake();
	return { eventId, deliveries };
}

/** The catalog sample's data for a type (what the provider's docs show), or {}. */
export function sampleData(context: ProviderContext, provider: string, type: string): unknown {
	const profile = context.profiles.get(provider);
	const definition = profile.events.find((e) => e.type === type);
	return definition ? sampleEvent(profile, definition).data : {};
}
