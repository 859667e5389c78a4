import type { Profile } from '@hookbridge/core';
import { emitEvent } from '../emit-event';
import type { ProviderContext } from '../provider-context';
import type { Account } from '../store/accounts';
import type { Webhook } from '../store/webhooks';
import { fillTemplate } from './fill-template';
import { successAnswer } from './success-answer';
import { wireId } from './wire-id';
import { writePath } from './write-path';

/**
 * A "send test" call: the catalogued test type (its sample data), else the webhook's first
 * type, to that webhook only. A persona that sends the test sample as it stands gets it with
 * the webhook's id and a fresh timestamp; its answer is the persona's `tested` template.
 */
export function webhookTestCall(
	context: ProviderContext,
	profile: Profile,
	owner: Account,
	webhook: Webhook,
): { status: number; body: unknown } {
	const persona = profile.persona?.api;
	const type = profile.testEventTypes[0] ?? webhook.events[0] ?? '';
	const body = persona?.testSampleWebhookId ? testSample(profile, type, webhook) : undefined;
	const sent = emitEvent(context, {
		provider: profile.id,
		accountId: owner.id,
		type,
		only: webhook,
		test: true,
		...(body ? { body, data: body } : {}),
	});
	if (!persona?.tested) return { status: 202, body: sent };
	const values = {
		deliveryId: sent.deliveries[0],
		webhookId: wireId(profile.api, webhook.id),
	};
	return { status: 200, body: successAnswer(profile, fillTemplate(persona.tested, values)) };
}

function testSample(profile: Profile, type: string, webhook: Webhook): Record<string, unknown> {
	const sample = structuredClone(profile.events.find((e) => e.type === type)?.sample ?? {});
	writePath(
		sample,
		profile.persona?.api?.testSampleWebhookId ?? 'webhook_id',
		wireId(profile.api, webhook.id),
	);
	for (const locator of profile.envelope.occurredAt) {
		if (!('body' in locator) || typeof sample[locator.body] !== 'string') continue;
		// Written as the sample writes it: the seeds' test payload has no milliseconds.
		const now = new Date().toISOString();
		sample[locator.body] = String(sample[locator.body]).includes('.')
			? now
			: now.replace(/\.\d{3}Z$/, 'Z');
	}
	return sample;
}
