import { randomUUID } from 'node:crypto';
import { WebhookError } from '../../shared/errors/webhook-error';
import { MemoryDedupeStore } from '../../shared/receive/memory-dedupe-store';
import { receive } from '../../shared/receive/receive';
import type { Profile } from '../../shared/providers/profile';
import { signDelivery } from '../../shared/sign/sign-delivery';
import { generateSecret } from '../../shared/subscriptions/generate-secret';

export interface RoundTripRow {
	provider: string;
	samples: number;
	verified: number;
	valid: number;
	forgeriesRefused: number;
	duplicatesDropped: number;
}

/**
 * Signs every catalogued sample of a provider as the provider would, receives it, and checks
 * that a one-byte forgery of each is refused and that a repeat is recognised as a duplicate.
 */
export async function roundTrip(profile: Profile, nowMs = Date.now()): Promise<RoundTripRow> {
	const secret = generateSecret(profile.secret);
	const bodies = profile.events.map((event) => event.sample);
	if (bodies.length === 0 && profile.anyEventSample) bodies.push(profile.anyEventSample);
	const row: RoundTripRow = {
		provider: profile.id,
		samples: bodies.length,
		verified: 0,
		valid: 0,
		forgeriesRefused: 0,
		duplicatesDropped: 0,
	};
	const dedupe = new MemoryDedupeStore();
	for (const sample of bodies) {
		const body = JSON.stringify(sample);
		const headers = signDelivery(profile, body, secret, {
			timestamp: Math.floor(nowMs / 1000),
			messageId: `msg_${randomUUID()}`,
		});
		const options = { secrets: [secret], now: nowMs, dedupe: false as const };
		const event = await receive(profile, { headers, body }, options);
		row.verified += 1;
		if (event.validation.ok) row.valid += 1;
		// A forgery changes content; InboundFlow's compact-JSON form rightly ignores whitespace.
		const forged = `${body.slice(0, -1)},"forged":true}`;
		if (await refused(() => receive(profile, { headers, body: forged }, options)))
			row.forgeriesRefused += 1;
		const first = { ...options, dedupe, now: nowMs };
		const unique = { headers, body };
		// Samples may share an id (InboundFlow's docs reuse "unique-uuid"): dedupe per sample.
		dedupe.forget(`${profile.id}:${event.id}`);
		await receive(profile, unique, first);
		if (await refused(() => receive(profile, unique, first), 'duplicate'))
			row.duplicatesDropped += 1;
	}
	return row;
}

async function refused(attempt: () => Promise<unknown>, code?: string): Promise<boolean> {
	try {
		await attempt();
		return false;
	} catch (error) {
		return error instanceof WebhookError && (code === undefined || error.code === code);
	}
}
