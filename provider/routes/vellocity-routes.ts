import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod/v4';
import { getProfile } from '@hookbridge/core';
import { emitEvent } from '../emit-event';
import type { ProviderContext } from '../provider-context';
import type { Account } from '../store/accounts';
import type { Webhook } from '../store/webhooks';
import { parseBody, PersonaError } from './persona-error';
import { authenticate, checkEvents, checkUrl } from './persona-rules';
import { RateLimiter } from './rate-limiter';

const PROVIDER = 'vellocity';
export const VELLOCITY_PREFIX = '/vellocity/api/v1/partners/webhooks';

const CreateSchema = z.object({
	url: z.string().min(1).max(2048),
	events: z.array(z.string().min(1)).min(1),
	description: z.string().max(255).optional(),
	active: z.boolean().optional(),
});
const TestSchema = z.object({ webhook_id: z.coerce.number().int().positive() });
const ListQuery = z.object({
	per_page: z.coerce.number().int().min(1).max(100).default(20),
	page: z.coerce.number().int().min(1).default(1),
});

/** Vellocity's Webhooks API: JSON:API shapes, once-only secret, plan limits, throttle. */
export function vellocityRoutes(context: ProviderContext) {
	const limiter = new RateLimiter(context.settings.rateLimitPerMinute);
	const profile = getProfile(PROVIDER);
	return async (app: FastifyInstance) => {
		const partner = (request: FastifyRequest): Account => {
			const account = authenticate(context, PROVIDER, request);
			const wait = limiter.take(account.apiKey);
			if (wait !== undefined) {
				throw new PersonaError(429, 'too_many_requests', 'Too Many Attempts.', undefined, {
					'retry-after': String(wait),
				});
			}
			return account;
		};
		const owned = (account: Account, id: string | number): Webhook => {
			const webhook = context.webhooks.find(PROVIDER, account.id, String(id));
			if (!webhook) throw new PersonaError(404, 'not_found', 'Webhook not found.');
			return webhook;
		};

		app.get('/', async (request) => {
			const account = partner(request);
			const query = parseQuery(request.query);
			const total = context.webhooks.count(PROVIDER, account.id);
			const items = context.webhooks.list(
				PROVIDER,
				account.id,
				query.per_page,
				(query.page - 1) * query.per_page,
			);
			return {
				data: items.map(view),
				meta: {
					total,
					page: query.page,
					per_page: query.per_page,
					total_pages: Math.max(1, Math.ceil(total / query.per_page)),
				},
			};
		});

		app.post('/', async (request, reply) => {
			const account = partner(request);
			const body = parseBody(CreateSchema, request.body);
			const url = checkUrl(context, PROVIDER, body.url);
			const events = checkEvents(profile, body.events);
			const limit = profile.api?.planLimits?.[account.plan] ?? 0;
			if (context.webhooks.count(PROVIDER, account.id) >= limit) {
				throw new PersonaError(
					403,
					'webhook_limit_reached',
					`Your ${account.plan} plan allows ${limit} webhooks. Delete one or upgrade your plan.`,
				);
			}
			const secret = randomBytes(32).toString('hex');
			const webhook = context.webhooks.create({
				provider: PROVIDER,
				accountId: account.id,
				url,
				events,
				secret,
				description: body.description ?? null,
				active: body.active ?? true,
			});
			return reply.code(201).send({
				data: view(webhook),
				meta: { secret, warning: 'Store this secret securely. It will not be shown again.' },
			});
		});

		app.get('/events', async (request) => {
			partner(request);
			return {
				data: profile.events
					.filter((e) => !profile.testEventTypes.includes(e.type))
					.map((e) => ({
						name: e.type,
						description: e.description,
						// The catalog shows a payload example where the docs give one (the flat form).
						...('event' in e.sample ? { payload_example: e.sample } : {}),
					})),
			};
		});

		app.post('/test', async (request) => {
			const account = partner(request);
			const body = parseBody(TestSchema, request.body);
			const webhook = owned(account, body.webhook_id);
			const sent = emitEvent(context, {
				provider: PROVIDER,
				accountId: account.id,
				type: 'webhook.test',
				only: webhook,
				test: true,
				data: { webhook_id: Number(webhook.id), message: 'This is a test webhook payload' },
				body: {
					event: 'webhook.test',
					webhook_id: Number(webhook.id),
					timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
					message: 'This is a test webhook payload',
				},
			});
			return {
				data: {
					type: 'webhook_test',
					id: sent.deliveries[0],
					attributes: { webhook_id: Number(webhook.id), status: 'queued' },
				},
			};
		});

		app.delete<{ Params: { id: string } }>('/:id', async (request, reply) => {
			const account = partner(request);
			context.webhooks.remove(owned(account, request.params.id));
			return reply.code(204).send();
		});
	};
}

function parseQuery(query: unknown) {
	const result = ListQuery.safeParse(query ?? {});
	if (result.success) return result.data;
	const field = result.error.issues[0]?.path.map(String).join('.') ?? 'query';
	throw new PersonaError(422, 'validation_failed', `The ${field} parameter is invalid.`, undefined);
}

function view(webhook: Webhook) {
	return {
		type: 'webhook',
		id: Number(webhook.id),
		attributes: {
			url: webhook.url,
			events: webhook.events,
			description: webhook.description,
			active: webhook.active,
			last_triggered_at: webhook.lastTriggeredAt,
			last_response_code: webhook.lastResponseCode,
			failure_count: webhook.failureCount,
			created_at: webhook.createdAt,
		},
	};
}
