import type { Profile } from '../providers/profile';
import { apiRequest } from './api-request';
import { isSuccess, responseError } from './response-error';
import type { Credentials, RequestDescription, ResponseDescription } from './types';

export function unsubscribeRequest(
	profile: Profile,
	credentials: Credentials,
	id: string,
): RequestDescription {
	return apiRequest(profile, credentials, 'delete', { id });
}

/**
 * A webhook that is already gone (404) counts as deleted: what the caller wanted is true, and
 * platforms call unsubscribe again after partial failures.
 */
export function parseUnsubscribeResponse(
	profile: Profile,
	response: ResponseDescription,
): { deleted: boolean; alreadyGone: boolean } {
	if (response.status === 404) return { deleted: true, alreadyGone: true };
	if (!isSuccess(response)) throw responseError(profile, response);
	return { deleted: true, alreadyGone: false };
}
