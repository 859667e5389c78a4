import { SubscriptionError } from '../errors/subscription-error';
import type { Profile } from '../providers/profile';
import { readPath } from '../receive/read-path';
import { apiRequest, managementApi } from './api-request';
import { isSuccess, responseError } from './response-error';
import type { Credentials, RequestDescription, ResponseDescription } from './types';

export interface CatalogEntry {
	name: string;
	description: string;
	payloadExample?: Record<string, unknown>;
}

/** Describes the provider's live event-catalog call (Vellocity: GET /partners/webhooks/events). */
export function catalogRequest(profile: Profile, credentials: Credentials): RequestDescription {
	return apiRequest(profile, credentials, 'catalog');
}

export function parseCatalogResponse(
	profile: Profile,
	response: ResponseDescription,
): CatalogEntry[] {
	if (!isSuccess(response)) throw responseError(profile, response);
	const path = managementApi(profile).responses.catalogItems ?? 'data';
	const items = readPath(response.body, path);
	if (!Array.isArray(items)) {
		throw new SubscriptionError(
			'unexpected_response',
			`${profile.name} answered the catalog call without a list.`,
			response.status,
		);
	}
	return items.flatMap((item: unknown): CatalogEntry[] => {
		const name = readPath(item, 'name');
		if (typeof name !== 'string') return [];
		const description = readPath(item, 'description');
		const example = readPath(item, 'payload_example');
		return [
			{
				name,
				description: typeof description === 'string' ? description : '',
				...(example && typeof example === 'object'
					? { payloadExample: example as Record<string, unknown> }
					: {}),
			},
		];
	});
}
