import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Endpoint, generateSecret, type ManagementApi, type Profile } from '@hookbridge/core';
import { emitEvent } from '../emit-event';
import type { ProviderContext } from '../provider-context';
import type { Account } from '../store/accounts';
import type { Webhook } from '../store/webhooks';
import { profileApiAccount } from './profile-api-auth';
import { PersonaError } from './persona-error';
import { checkEvents, checkUrl } from './persona-rules';

type Body = Record<string, unknown>;
type IdParams = { Params: { id: string } };

/**
 * A management API served from a profile alone: its endpoints, body fields and response paths,
 * as `hookbridge`'s subscription client and the generated connectors call them. What the
 * reference provider serves for a profile file with an `api` section.
 */
export function profileApiRoutes(context: ProviderContext, profile: Profile) {
	const api = profile.api as ManagementApi;
	return async (app: FastifyInstance) => {
		const account = (request: FastifyRequest) => profileApiAccount(context, profile, request);
		const owned = (owner: Account, id: string): Webhook => {
			const found = context.webhooks.find(profile.id, owner.id, id);
			if (!found) throw new PersonaError(404, 'not_found', 'No webhook with that id.');
			return found;
		};
		route(app, api.endpoints.create, async (request, reply) => {
			const shown = createWebhook(context, profile, account(request), objectBody(request.body));
			return reply.code(201).send(shown);
		});
		route(app, api.endpoints.list, async (request) => {
			const items = context.webhooks.list(profile.id, account(request).id).map((w) => view(api, w));
			if (api.responses.listItems === '') return items;
			const page: Body = {};
			write(page, api.responses.listItems, items);
			if (api.responses.totalPages) write(page, api.responses.totalPages, 1);
			return page;
		});
		route(app, api.endpoints.delete, async (request, reply) => {
			const owner = account(request);
			context.webhooks.remove(owned(owner, (request.params as { id: string }).id));
			return reply.code(204).send();
		});
		if (api.endpoints.test) {
			route(app, api.endpoints.test, async (request, reply) => {
				const owner = account(request);
				// The webhook's id in the path, or in the body field the client sends it in
				// (shared/subscriptions/test-webhook.ts: `testWebhookId`, else `id`), as text or number.
				const inPath = (request.params as { id?: string }).id;
				const field = api.fields.testWebhookId ?? 'id';
				const inBody = inPath === undefined ? objectBody(request.body)[field] : undefined;
				const webhook = owned(owner, String(inPath ?? inBody ?? ''));
				// A catalogued test type (its sample data), else the first subscribed type.
				const type = profile.testEventTypes[0] ?? webhook.events[0] ?? '';
				const sent = emitEvent(context, {
					provider: profile.id,
					accountId: owner.id,
					type,
					only: webhook,
					test: true,
				});
				return reply.code(202).send(sent);
			});
		}
	};
}

/** The create call: a webhook from the profile's body fields, shown as its responses say. */
function createWebhook(
	context: ProviderContext,
	profile: Profile,
	owner: Account,
	body: Body,
): Body {
	const api = profile.api as ManagementApi;
	// The provider makes the secret and shows it once, or the subscriber sends its own.
	const secret =
		profile.secret.origin === 'provider'
			? generateSecret(profile.secret)
			: text(body, api.fields.secret);
	const webhook = context.webhooks.create({
		...(api.numericIds ? {} : { id: randomBytes(12).toString('hex') }),
		provider: profile.id,
		accountId: owner.id,
		url: checkUrl(context, profile.id, text(body, api.fields.url) ?? ''),
		events: checkEvents(profile, list(body, api.fields.events)),
		secret: secret ?? null,
		active: api.fields.active ? body[api.fields.active] !== false : true,
	});
	context.dispatcher.wake();
	const shown = view(api, webhook);
	write(shown, api.responses.createdId, wireId(api, webhook.id));
	if (profile.secret.origin === 'provider' && api.responses.createdSecret) {
		write(shown, api.responses.createdSecret, secret);
	}
	return shown;
}

type Handler = (request: FastifyRequest<IdParams>, reply: FastifyReply) => Promise<unknown>;

function route(app: FastifyInstance, endpoint: Endpoint, handler: Handler): void {
	app.route<IdParams>({
		method: endpoint.method,
		url: endpoint.path.replace('{id}', ':id'),
		handler,
	});
}

/** A webhook as the profile's list responses show it: never its secret. */
function view(api: ManagementApi, webhook: Webhook): Body {
	const shown: Body = {};
	write(shown, api.responses.item.id, wireId(api, webhook.id));
	write(shown, api.responses.item.url, webhook.url);
	write(shown, api.responses.item.events, webhook.events);
	write(shown, api.responses.item.active, webhook.active);
	return shown;
}

function wireId(api: ManagementApi, id: string): string | number {
	return api.numericIds ? Number(id) : id;
}

function write(target: Body, path: string, value: unknown): void {
	const keys = path.split('.');
	let at = target;
	for (const key of keys.slice(0, -1)) at = (at[key] ??= {}) as Body;
	at[keys[keys.length - 1] ?? ''] = value;
}

function objectBody(body: unknown): Body {
	if (body && typeof body === 'object' && !Array.isArray(body)) return body as Body;
	throw new PersonaError(422, 'invalid_request', 'The request body must be a JSON object.');
}

function text(body: Body, field: string | undefined): string | undefined {
	const value = field === undefined ? undefined : body[field];
	return typeof value === 'string' && value !== '' ? value : undefined;
}

function list(body: Body, field: string): string[] {
	const value = body[field];
	if (Array.isArray(value) && value.every((v) => typeof v === 'string') && value.length > 0) {
		return value as string[];
	}
	throw new PersonaError(422, 'invalid_events', `${field} must list at least one event type.`);
}
