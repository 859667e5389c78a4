import type { EventDefinition, Profile } from '../providers/profile';
import { verifyDelivery } from '../receive/receive';
import type { NormalizedEvent } from '../receive/types';

// The samples' own time, so a sample looks the same on every run (no receipt-time fallback).
const SAMPLE_CLOCK = Date.parse('2026-02-24T21:00:00.000Z');

/**
 * A catalogued event's sample as every adapter shows it: the provider's sample body put through
 * the same normaliser deliveries go through. It was not signed, so `verified` is false.
 */
export function sampleEvent(profile: Profile, event: EventDefinition | undefined): NormalizedEvent {
	const body = event?.sample ?? profile.anyEventSample ?? {};
	return verifyDelivery(
		profile,
		{ body: JSON.stringify(body) },
		{ skipVerification: true, now: SAMPLE_CLOCK },
	);
}

/** Event types a subscription may name: the catalog without test-only types. */
export function subscribableTypes(profile: Profile): string[] {
	return profile.events.filter((e) => !profile.testEventTypes.includes(e.type)).map((e) => e.type);
}
