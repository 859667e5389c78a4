import type { Profile } from '../providers/profile';
import { apiRequest, managementApi, wireId } from './api-request';
import { isSuccess, responseError } from './response-error';
import type { Credentials, RequestDescription, ResponseDescription } from './types';

/** Describes the provider's "send a test event" call (Vellocity: POST /partners/webhooks/test). */
export function testRequest(
	profile: Profile,
	credentials: Credentials,
	id: string,
): RequestDescription {
	const api = managementApi(profile);
	const field = api.fields.testWebhookId ?? 'id';
	return apiRequest(profile, credentials, 'test', { body: { [field]: wireId(api, id) } });
}

export function parseTestResponse(profile: Profile, response: ResponseDescription): void {
	if (!isSuccess(response)) throw responseError(profile, response);
}
