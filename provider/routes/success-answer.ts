import type { Profile } from '@hookbridge/core';

/**
 * A successful answer with the members the persona puts in every one (`success: true`): a copy,
 * so nothing written into this answer later (a created secret) reaches the profile or the next
 * answer.
 */
export function successAnswer(profile: Profile, body: Record<string, unknown>) {
	return { ...structuredClone(profile.persona?.api?.success), ...body };
}
