import { SubscriptionError } from '../errors/subscription-error';
import type { Profile } from '../providers/profile';
import { readPath } from '../receive/read-path';
import { apiRequest, managementApi } from './api-request';
import { isSuccess, responseError } from './response-error';
import type { Credentials, RequestDescription, ResponseDescription, Subscription } from './types';

export interface SubscriptionPage {
	items: Subscription[];
	page: number;
	/** Page count where the API says (pagination); 1 otherwise. */
	totalPages: number;
}

/** Describes one page of the subscription list (page numbers start at 1). */
export function listRequest(
	profile: Profile,
	credentials: Credentials,
	options: { page?: number; perPage?: number } = {},
): RequestDescription {
	const { pagination } = managementApi(profile);
	if (!pagination) return apiRequest(profile, credentials, 'list');
	return apiRequest(profile, credentials, 'list', {
		query: {
			[pagination.pageParam]: options.page ?? 1,
			[pagination.perPageParam]: options.perPage ?? pagination.defaultPerPage,
		},
	});
}

export function parseListResponse(
	profile: Profile,
	response: ResponseDescription,
	page = 1,
): SubscriptionPage {
	if (!isSuccess(response)) throw responseError(profile, response);
	const { responses } = managementApi(profile);
	// '' is the response body itself (APIs that answer a bare array, as GitHub's does).
	const raw =
		responses.listItems === '' ? response.body : readPath(response.body, responses.listItems);
	if (!Array.isArray(raw)) {
		throw new SubscriptionError(
			'unexpected_response',
			`${profile.name} answered the list call without a list.`,
			response.status,
		);
	}
	const total = responses.totalPages ? readPath(response.body, responses.totalPages) : undefined;
	return {
		items: raw.map((item: unknown) => toSubscription(profile, item)),
		page,
		totalPages: typeof total === 'number' && total >= 1 ? total : 1,
	};
}

export function toSubscription(profile: Profile, item: unknown): Subscription {
	const paths = managementApi(profile).responses.item;
	const id = readPath(item, paths.id);
	const url = readPath(item, paths.url);
	const events = readPath(item, paths.events);
	const active = readPath(item, paths.active);
	return {
		id: typeof id === 'string' || typeof id === 'number' ? String(id) : '',
		url: typeof url === 'string' ? url : '',
		events: Array.isArray(events) ? events.filter((e): e is string => typeof e === 'string') : [],
		active: active !== false,
	};
}

/**
 * Every subscription, following pagination to the last page (at most 50 pages), with the
 * caller's own client: the CLI's fetch-based httpRequest, z.request in Zapier, n8n's helpers in n8n.
 */
export async function listAllSubscriptions(
	profile: Profile,
	credentials: Credentials,
	execute: (request: RequestDescription) => Promise<ResponseDescription>,
): Promise<Subscription[]> {
	const all: Subscription[] = [];
	for (let page = 1; page <= 50; page++) {
		const result = parseListResponse(
			profile,
			await execute(listRequest(profile, credentials, { page })),
			page,
		);
		all.push(...result.items);
		if (page >= result.totalPages || result.items.length === 0) break;
	}
	return all;
}
