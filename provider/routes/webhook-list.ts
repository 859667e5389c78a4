import { z } from 'zod/v4';
import type { ManagementApi, Profile } from '@hookbridge/core';
import type { ProviderContext } from '../provider-context';
import type { Account } from '../store/accounts';
import { successAnswer } from './success-answer';
import { PersonaError } from './persona-error';
import { webhookView } from './webhook-view';
import { writePath } from './write-path';

// The largest page an API of this kind serves (one seed provider documents per_page up to 100).
const MAX_PER_PAGE = 100;

/**
 * The list call: the account's webhooks, a page at a time where the profile paginates (its
 * page and per-page parameters; a bad one is a 422), with the page count and the persona's
 * other meta where the profile says they go. A list path of '' answers the bare list.
 */
export function webhookList(
	context: ProviderContext,
	profile: Profile,
	owner: Account,
	query: unknown,
): unknown {
	const api = profile.api as ManagementApi;
	const total = context.webhooks.count(profile.id, owner.id);
	const { page, perPage } = pageWanted(api, query, total);
	const items = context.webhooks
		.list(profile.id, owner.id, perPage, (page - 1) * perPage)
		.map((webhook) => webhookView(profile, webhook));
	if (api.responses.listItems === '') return items;
	const answer: Record<string, unknown> = {};
	writePath(answer, api.responses.listItems, items);
	const meta = profile.persona?.api?.listMeta;
	const shown: [string | undefined, number][] = [
		[meta?.total, total],
		[meta?.page, page],
		[meta?.perPage, perPage],
		[api.responses.totalPages, Math.max(1, Math.ceil(total / perPage))],
	];
	for (const [path, value] of shown) if (path) writePath(answer, path, value);
	return successAnswer(profile, answer);
}

function pageWanted(api: ManagementApi, query: unknown, total: number) {
	const paging = api.pagination;
	// Unpaginated: everything on one page.
	if (!paging) return { page: 1, perPage: Math.max(1, total) };
	const schema = z.object({
		[paging.perPageParam]: z.coerce
			.number()
			.int()
			.min(1)
			.max(MAX_PER_PAGE)
			.default(paging.defaultPerPage),
		[paging.pageParam]: z.coerce.number().int().min(1).default(1),
	});
	const result = schema.safeParse(query ?? {});
	if (!result.success) {
		const field = result.error.issues[0]?.path.map(String).join('.') ?? 'query';
		throw new PersonaError(422, 'validation_failed', `The ${field} parameter is invalid.`);
	}
	const read = result.data as Record<string, number>;
	return { page: read[paging.pageParam] ?? 1, perPage: read[paging.perPageParam] ?? 1 };
}
