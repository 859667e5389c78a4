import { type Profile, sampleDelivery, verifyDelivery, WebhookError } from '@hookbridge/core';
import type { ProfileIssue } from '@hookbridge/core';

/**
 * Each catalogued event's sample, delivered as the provider would send it (sampleDelivery)
 * and read back: it must come out as its own type and pass its own schema. What a profile's
 * author most often gets wrong (a dotted path, a required field the sample lacks) shows here.
 */
export function checkSamples(profile: Profile): ProfileIssue[] {
	const issues: ProfileIssue[] = [];
	profile.events.forEach((definition, i) => {
		const path = `events.${i}.sample`;
		const delivery = sampleDelivery(profile, definition);
		try {
			const event = verifyDelivery(profile, delivery, { skipVerification: true });
			if (event.type !== definition.type) {
				issues.push({
					path,
					message: `reads as type "${event.type}", not "${definition.type}": check envelope.type`,
				});
			}
			for (const issue of event.validation.issues) {
				issues.push({
					path,
					message: `data${issue.path ? `.${issue.path}` : ''}: ${issue.message}`,
				});
			}
		} catch (error) {
			if (!(error instanceof WebhookError)) throw error;
			issues.push({ path, message: `${error.code}: ${error.message}` });
		}
	});
	return issues;
}
