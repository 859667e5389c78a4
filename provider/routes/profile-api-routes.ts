import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod/v4';
import { type Endpoint, generateSecret, type ManagementApi, type Profile } from '@hookbridge/core';
import type { ProviderContext } from '../provider-context';
import type { Account } from '../store/accounts';
import type { Webhook } from '../store/webhooks';
import { profileApiAccount } from './profile-api-auth';
import { successAnswer } from './success-answer';
import { parseBody, PersonaError } from './persona-error';
import { checkEvents, checkUrl } from './persona-rules';
import { RateLimiter } from './rate-limiter';
import { readWebhookFields } from './webhook-fields';
import { webhookList } from './webhook-list';
import { webhookTestCall } from './webhook-test-call';
import { webhookAnswer } from './webhook-answer';
import { writePath } from './write-path';

type IdParams = { Params: { id: string } };
type Handler = (request: FastifyRequest<IdParams>, reply: FastifyReply) => Promise<unknown>;

/**
 * A management API served from a profile alone: its endpoints, body fields and response paths,
 * as hookbridge's subscription client and the connectors call them, answered in the shapes the
 * profile's persona describes (errors, pagination meta, the test call). Every API persona of the
 * reference provider, built-in or from a profile file, is this.
 */
export function profileApiRoutes(context: ProviderContext, profile: Profile) {
	const api = profile.api as ManagementApi;
	const limiter = profile.persona?.api?.rateLimited
		? new RateLimiter(context.settings.rateLimitPerMinute)
		: undefined;
	return async (app: FastifyInstance) => {
		const account = (request: FastifyRequest) => {
			const found = profileApiAccount(context, profile, request);
			const wait = limiter?.take(found.apiKey);
			if (wait !== undefined) {
				throw new PersonaError(429, 'too_many_requests', 'Too Many Attempts.', undefined, {
					'retry-after': String(wait),
				});
			}
			return found;
		};
		const owned = (owner: Account, id: string): Webhook => {
			const found = context.webhooks.find(profile.id, owner.id, id);
			if (!found) throw new PersonaError(404, 'not_found', 'No webhook with that id.');
			return found;
		};
		route(app, api.endpoints.create, async (request, reply) => {
			const created = createWebhook(context, profile, account(request), request.body);
			return reply.code(201).send(created);
		});
		route(app, api.endpoints.list, async (request) =>
			webhookList(context, profile, account(request), request.query),
		);
		if (api.endpoints.update) {
			const update = api.endpoints.update;
			route(app, update, async (request) => {
				const owner = account(request);
				return updateWebhook(context, profile, owned(owner, request.params.id), request.body);
			});
		}
		route(app, api.endpoints.delete, async (request, reply) => {
			const owner = account(request);
			context.webhooks.remove(owned(owner, request.params.id));
			const deleted = profile.persona?.api?.deleted;
			return deleted ? successAnswer(profile, structuredClone(deleted)) : reply.code(204).send();
		});
		testAndCatalogRoutes(app, { context, profile, account, owned });
	};
}

interface Served {
	context: ProviderContext;
	profile: Profile;
	account: (request: FastifyRequest) => Account;
	owned: (owner: Account, id: string) => Webhook;
}

/** The optional test call and event catalog call, where the profile has those endpoints. */
function testAndCatalogRoutes(app: FastifyInstance, served: Served): void {
	const { context, profile, account, owned } = served;
	const api = profile.api as ManagementApi;
	if (api.endpoints.test) {
		route(app, api.endpoints.test, async (request, reply) => {
			const owner = account(request);
			// The webhook's id in the path, or in the body field the client sends it in
			// (shared/subscriptions/test-webhook.ts: `testWebhookId`, else `id`), as text or number.
			const inPath = (request.params as { id?: string }).id;
			const id = inPath ?? testWebhookId(request.body, api.fields.testWebhookId ?? 'id');
			const answer = webhookTestCall(context, profile, owner, owned(owner, id));
			return reply.code(answer.status).send(answer.body);
		});
	}
	if (api.endpoints.catalog) {
		route(app, api.endpoints.catalog, async (request) => {
			account(request);
			return catalogAnswer(profile);
		});
	}
}

/** The create call: a webhook from the profile's body fields, shown as its responses say. */
function createWebhook(context: ProviderContext, profile: Profile, owner: Account, body: unknown) {
	const api = profile.api as ManagementApi;
	const fields = readWebhookFields(api, body, false);
	const url = checkUrl(context, profile.id, fields.url ?? '');
	const events = checkEvents(profile, fields.events ?? []);
	const limit = api.planLimits?.[owner.plan];
	if (api.planLimits && context.webhooks.count(profile.id, owner.id) >= (limit ?? 0)) {
		throw new PersonaError(
			403,
			'webhook_limit_reached',
			`Your ${owner.plan} plan allows ${limit ?? 0} webhooks. Delete one or upgrade your plan.`,
		);
	}
	// The provider makes the secret and shows it once, or the subscriber sends its own.
	const provided = profile.secret.origin === 'provider';
	const secret = provided ? generateSecret(profile.secret) : fields.secret;
	const webhook = context.webhooks.create({
		...(api.numericIds ? {} : { id: randomBytes(12).toString('hex') }),
		provider: profile.id,
		accountId: owner.id,
		url,
		events,
		secret: secret ?? null,
		description: fields.description ?? null,
		active: fields.active ?? true,
	});
	context.dispatcher.wake();
	const answer = webhookAnswer(profile, webhook);
	if (provided && api.responses.createdSecret)
		writePath(answer, api.responses.createdSecret, secret);
	for (const [path, value] of Object.entries(profile.persona?.api?.created ?? {})) {
		writePath(answer, path, structuredClone(value));
	}
	return answer;
}

/** The update call: the fields given changed; re-activating clears the failure count. */
function updateWebhook(
	context: ProviderContext,
	profile: Profile,
	webhook: Webhook,
	body: unknown,
) {
	const fields = readWebhookFields(profile.api as ManagementApi, body, true);
	const reactivated = fields.active === true && !webhook.active;
	const saved = context.webhooks.save({
		...webhook,
		url: fields.url === undefined ? webhook.url : checkUrl(context, profile.id, fields.url),
		events: fields.events === undefined ? webhook.events : checkEvents(profile, fields.events),
		active: fields.active ?? webhook.active,
		failureCount: reactivated ? 0 : webhook.failureCount,
	});
	if (reactivated) context.dispatcher.wake();
	return webhookAnswer(profile, saved);
}

/**
 * The event catalog call: every subscribable type with its description, and as its payload
 * example a sample that is not in the envelope (one copied from the provider's catalog). The
 * member names are the ones the shared client reads (shared/subscriptions/event-catalog.ts).
 */
function catalogAnswer(profile: Profile) {
	const items = profile.events
		.filter((e) => !profile.testEventTypes.includes(e.type))
		.map((e) => ({
			name: e.type,
			description: e.description,
			...(profile.envelope.dataKey in e.sample ? {} : { payload_example: e.sample }),
		}));
	const answer: Record<string, unknown> = {};
	writePath(answer, profile.api?.responses.catalogItems ?? 'data', items);
	return successAnswer(profile, answer);
}

function route(app: FastifyInstance, endpoint: Endpoint, handler: Handler): void {
	app.route<IdParams>({
		method: endpoint.method,
		url: endpoint.path.replace('{id}', ':id'),
		handler,
	});
}

const TestCall = (field: string) =>
	z.object({ [field]: z.union([z.string().min(1), z.number().int().positive()]) });

/** The webhook id a test call's body names: a 422 pointing at the field when it does not. */
function testWebhookId(body: unknown, field: string): string {
	const read = parseBody(TestCall(field), body) as Record<string, string | number>;
	return String(read[field]);
}
