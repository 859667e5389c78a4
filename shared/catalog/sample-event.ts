import type { EventDefinition, Profile } from '../providers/profile';
import { verifyDelivery } from '../receive/receive';
import { formText } from '../sign/form-text';
import type { NormalizedEvent } from '../receive/types';

// The samples' own time, so a sample looks the same on every run (no receipt-time fallback).
const SAMPLE_CLOCK = Date.parse('2026-02-24T21:00:00.000Z');

/**
 * A catalogued event's sample as every adapter shows it: the provider's sample body put through
 * the same normaliser deliveries go through. It was not signed, so `verified` is false.
 */
export function sampleEvent(profile: Profile, event: EventDefinition | undefined): NormalizedEvent {
	return verifyDelivery(profile, sampleDelivery(profile, event), {
		skipVerification: true,
		now: SAMPLE_CLOCK,
	});
}

/**
 * A sample as the provider would deliver it, unsigned: its body (form-encoded for a form
 * profile) and, where the profile reads the type from a header (GitHub's X-GitHub-Event),
 * that header, since a sample body cannot carry it.
 */
export function sampleDelivery(
	profile: Profile,
	event: EventDefinition | undefined,
): { headers: Record<string, string>; body: string } {
	const sample = event?.sample ?? profile.anyEventSample ?? {};
	const headers: Record<string, string> = {};
	if (event) {
		for (const locator of profile.envelope.type) {
			if ('header' in locator) headers[locator.header] = event.type;
		}
	}
	return {
		headers,
		body: profile.bodyFormat === 'form' ? formText(sample) : JSON.stringify(sample),
	};
}

/** Event types a subscription may name: the catalog without test-only types. */
export function subscribableTypes(profile: Profile): string[] {
	return profile.events.filter((e) => !profile.testEventTypes.includes(e.type)).map((e) => e.type);
}
