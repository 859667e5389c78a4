import type { Profile } from '../providers/profile';
import { apiRequest, managementApi } from './api-request';
import { isSuccess, responseError } from './response-error';
import type { Credentials, RequestDescription, ResponseDescription } from './types';

export interface SubscriptionChanges {
	url?: string;
	events?: readonly string[];
	active?: boolean;
}

/** Describes a change to a subscription (only providers with an update endpoint: VelaFlows). */
export function updateRequest(
	profile: Profile,
	credentials: Credentials,
	id: string,
	changes: SubscriptionChanges,
): RequestDescription {
	const { fields } = managementApi(profile);
	const body: Record<string, unknown> = {};
	if (changes.url !== undefined) body[fields.url] = changes.url;
	if (changes.events !== undefined) body[fields.events] = [...changes.events];
	if (changes.active !== undefined && fields.active) body[fields.active] = changes.active;
	return apiRequest(profile, credentials, 'update', { id, body });
}

export function parseUpdateResponse(profile: Profile, response: ResponseDescription): void {
	if (!isSuccess(response)) throw responseError(profile, response);
}
