import { SubscriptionError } from '../errors/subscription-error';
import type { Profile } from '../providers/profile';
import { readPath } from '../receive/read-path';
import { apiRequest, managementApi } from './api-request';
import { generateSecret } from './generate-secret';
import { isSuccess, responseError } from './response-error';
import type { Credentials, RequestDescription, ResponseDescription, SubscribeArgs } from './types';

export interface SubscribeRequest {
	request: RequestDescription;
	/** The secret sent in the request (subscriber-chosen schemes); keep it to verify deliveries. */
	secret?: string;
}

/**
 * Describes the call that creates a subscription. Where the subscriber picks the secret
 * (VelaFlows), one is generated unless given, and returned beside the request.
 */
export function subscribeRequest(
	profile: Profile,
	credentials: Credentials,
	args: SubscribeArgs,
): SubscribeRequest {
	const api = managementApi(profile);
	if (args.events.length === 0) {
		throw new SubscriptionError('invalid_request', 'Pick at least one event type to subscribe to.');
	}
	const body: Record<string, unknown> = {
		[api.fields.url]: args.url,
		[api.fields.events]: [...args.events],
	};
	let secret: string | undefined;
	if (profile.secret.origin === 'subscriber' && api.fields.secret) {
		secret = args.secret || generateSecret(profile.secret);
		body[api.fields.secret] = secret;
	}
	if (args.description !== undefined && api.fields.description)
		body[api.fields.description] = args.description;
	const request = apiRequest(profile, credentials, 'create', { body });
	return secret === undefined ? { request } : { request, secret };
}

/**
 * Reads the new subscription's id and its signing secret: the one we sent, or the one the
 * provider shows once (Vellocity). A create that returns no secret is an error, not a silent
 * unsigned hook.
 */
export function parseSubscribeResponse(
	profile: Profile,
	response: ResponseDescription,
	sentSecret?: string,
): { id: string; secret: string } {
	if (!isSuccess(response)) throw responseError(profile, response);
	const api = managementApi(profile);
	const id = readPath(response.body, api.responses.createdId);
	const returned = api.responses.createdSecret
		? readPath(response.body, api.responses.createdSecret)
		: undefined;
	const secret = typeof returned === 'string' && returned !== '' ? returned : sentSecret;
	if ((typeof id !== 'string' && typeof id !== 'number') || String(id) === '') {
		throw new SubscriptionError(
			'unexpected_response',
			`${profile.name} created the webhook but returned no id.`,
			response.status,
		);
	}
	if (!secret) {
		throw new SubscriptionError(
			'unexpected_response',
			`${profile.name} created the webhook but returned no signing secret; delete it and try again.`,
			response.status,
		);
	}
	return { id: String(id), secret };
}
