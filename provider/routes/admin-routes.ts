import type { FastifyInstance } from 'fastify';
import { z } from 'zod/v4';
import { generateSecret, type Profile, sampleEvent } from '@hookbridge/core';
import { emitEvent } from '../emit-event';
import type { ProviderContext } from '../provider-context';
import { accountIdFrom, accountIdLike, genericAccountId } from '../store/account-id-like';
import type { Account } from '../store/accounts';
import type { Webhook } from '../store/webhooks';
import { parseBody, PersonaError } from './persona-error';
import { checkEvents, checkUrl, isLoopback } from './persona-rules';

const AccountSchema = z.object({ provider: z.string(), plan: z.string().optional() });
const WebhookSchema = z.object({
	url: z.string().min(1).max(2048),
	events: z.array(z.string().min(1)).min(1),
	secret: z.string().min(1).max(256).optional(),
	active: z.boolean().optional(),
	rotateSecret: z.boolean().optional(),
});
const EmitSchema = z.object({
	account: z.string().min(1),
	type: z.string().min(1),
	data: z.unknown().optional(),
});

type AccountParams = { Params: { provider: string; id: string } };

/**
 * The operator's side: accounts, the manual-mode providers' dashboards (add webhook, send
 * test, re-enable), emitting events and reading the delivery log. Loopback callers only.
 */
export function adminRoutes(context: ProviderContext) {
	return async (app: FastifyInstance) => {
		app.addHook('onRequest', async (request) => {
			if (!isLoopback(request.socket.remoteAddress)) {
				throw new PersonaError(403, 'forbidden', 'The admin API answers loopback callers only.');
			}
		});
		const provider = (id: string) => context.profiles.get(id);
		const account = (providerId: string, id: string): Account => {
			const found = context.accounts.find(provider(providerId).id, id);
			if (!found) throw new PersonaError(404, 'not_found', 'No such account.');
			return found;
		};
		const dashboardWebhook = (a: Account): Webhook | undefined =>
			context.webhooks.list(a.provider, a.id, 1)[0];
		const manualOnly = (providerId: string) => {
			if (provider(providerId).api) {
				throw new PersonaError(
					400,
					'use_api',
					`${provider(providerId).name} webhooks are managed through its API.`,
				);
			}
		};

		app.get('/health', async () => ({ ok: true }));

		app.post('/accounts', async (request, reply) => {
			const body = parseBody(AccountSchema, request.body);
			const profile = provider(body.provider);
			const plans = profile.api?.planLimits;
			const plan = body.plan ?? (plans ? 'starter' : 'default');
			if (plans && !Object.hasOwn(plans, plan)) {
				throw new PersonaError(
					422,
					'validation_failed',
					`Unknown plan; use one of ${Object.keys(plans).join(', ')}.`,
					'/plan',
				);
			}
			const created = context.accounts.create(profile.id, plan, newAccount(profile));
			return reply
				.code(201)
				.send({ id: created.id, apiKey: created.apiKey, provider: profile.id, plan });
		});

		// Ids, plans and webhooks (never a secret): API keys are shown once, at creation.
		app.get<{ Params: { provider: string } }>('/:provider/accounts', async (request) => ({
			accounts: context.accounts.list(provider(request.params.provider).id).map((a) => ({
				id: a.id,
				plan: a.plan,
				createdAt: a.createdAt,
				webhooks: context.webhooks.list(a.provider, a.id).map(dashboardView),
			})),
		}));

		app.put<AccountParams>('/:provider/accounts/:id/webhook', async (request) => {
			manualOnly(request.params.provider);
			const owner = account(request.params.provider, request.params.id);
			const profile = provider(owner.provider);
			const body = parseBody(WebhookSchema, request.body);
			const url = checkUrl(context, owner.provider, body.url);
			const events = checkEvents(context.profiles.get(owner.provider), body.events);
			const existing = dashboardWebhook(owner);
			// A provider-made secret is kept until rotated; a subscriber's is the one typed in.
			const secret =
				profile.secret.origin === 'provider'
					? existing?.secret && !body.rotateSecret
						? existing.secret
						: generateSecret(profile.secret)
					: (body.secret ?? null);
			const active = body.active ?? true;
			const saved = existing
				? context.webhooks.save({
						...existing,
						url,
						events,
						secret,
						active,
						failureCount: active && !existing.active ? 0 : existing.failureCount,
					})
				: context.webhooks.create({
						provider: owner.provider,
						accountId: owner.id,
						url,
						events,
						secret,
						active,
					});
			if (active) context.dispatcher.wake();
			return {
				...dashboardView(saved),
				...(profile.secret.origin === 'provider' ? { secret } : {}),
			};
		});

		app.get<AccountParams>('/:provider/accounts/:id/webhook', async (request) => {
			const webhook = dashboardWebhook(account(request.params.provider, request.params.id));
			if (!webhook)
				throw new PersonaError(404, 'not_found', 'No webhook is configured for this account.');
			return dashboardView(webhook);
		});

		app.post<AccountParams>('/:provider/accounts/:id/webhook/test', async (request, reply) => {
			manualOnly(request.params.provider);
			const owner = account(request.params.provider, request.params.id);
			const webhook = dashboardWebhook(owner);
			if (!webhook)
				throw new PersonaError(404, 'not_found', 'Add a webhook before sending a test.');
			const testType = provider(owner.provider).testEventTypes[0];
			const type = testType ?? webhook.events[0] ?? '';
			// The catalog's sample data for a catalogued test type (a ping); else a message.
			const catalogued = provider(owner.provider).events.some((e) => e.type === testType);
			const data =
				testType && !catalogued
					? { message: `This is a test event from ${provider(owner.provider).name}.` }
					: undefined;
			const sent = emitEvent(context, {
				provider: owner.provider,
				accountId: owner.id,
				type,
				only: webhook,
				test: true,
				data,
			});
			return reply.code(202).send(sent);
		});

		app.post<AccountParams>('/:provider/accounts/:id/webhook/enable', async (request) => {
			const owner = account(request.params.provider, request.params.id);
			const webhook = dashboardWebhook(owner);
			if (!webhook)
				throw new PersonaError(404, 'not_found', 'No webhook is configured for this account.');
			const saved = context.webhooks.save({
				...webhook,
				active: true,
				failureCount: 0,
				disabledReason: null,
			});
			context.dispatcher.wake();
			return dashboardView(saved);
		});

		app.post<{ Params: { provider: string } }>('/:provider/events', async (request, reply) => {
			const body = parseBody(EmitSchema, request.body);
			const owner = account(request.params.provider, body.account);
			const profile = provider(owner.provider);
			const known = profile.events.some((e) => e.type === body.type);
			if (!known) checkEvents(context.profiles.get(owner.provider), [body.type], '/type');
			return reply.code(202).send(
				emitEvent(context, {
					provider: owner.provider,
					accountId: owner.id,
					type: body.type,
					data: body.data,
				}),
			);
		});

		app.get<{ Params: { provider: string }; Querystring: { account?: string; limit?: string } }>(
			'/:provider/deliveries',
			async (request) => {
				const owner = account(request.params.provider, request.query.account ?? '');
				const limit = Math.min(Math.max(Number(request.query.limit ?? 200) || 200, 1), 5000);
				return { deliveries: context.outbox.log(owner.provider, owner.id, limit) };
			},
		);

		app.get<{ Params: { provider: string } }>('/:provider/stats', async (request) => ({
			deliveries: context.outbox.states(provider(request.params.provider).id),
		}));
	};
}

/** The dashboard's view of a webhook: never its secret, only whether one is set. */
function dashboardView(webhook: Webhook) {
	return {
		id: webhook.id,
		url: webhook.url,
		events: webhook.events,
		active: webhook.active,
		disabledReason: webhook.disabledReason,
		failureCount: webhook.failureCount,
		hasSecret: webhook.secret !== null,
		lastResponseCode: webhook.lastResponseCode,
		lastTriggeredAt: webhook.lastTriggeredAt,
	};
}

/**
 * A new account's id and key prefix: the persona's id pattern, else shaped like the account id
 * in the catalog's samples, else a generic one.
 */
function newAccount(profile: Profile): { id: string; keyPrefix: string } {
	const first = profile.events[0];
	const sample = first ? (sampleEvent(profile, first).accountId ?? undefined) : undefined;
	const pattern = profile.persona?.accountId;
	const id = pattern
		? accountIdFrom(pattern)
		: ((sample === undefined ? null : accountIdLike(sample)) ?? genericAccountId());
	return { id, keyPrefix: profile.persona?.apiKeyPrefix ?? 'key_' };
}
