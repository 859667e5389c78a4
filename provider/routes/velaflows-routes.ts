import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod/v4';
import type { ProviderContext } from '../provider-context';
import type { Account } from '../store/accounts';
import type { Webhook } from '../store/webhooks';
import { parseBody, PersonaError } from './persona-error';
import { authenticate, checkEvents, checkUrl } from './persona-rules';

const PROVIDER = 'velaflows';
export const VELAFLOWS_PREFIX = '/velaflows/api/v1';

const CreateSchema = z.object({
	url: z.string().min(1).max(2048),
	events: z.array(z.string().min(1)).min(1),
	secret: z.string().min(1).max(256).optional(),
	active: z.boolean().optional(),
});
const UpdateSchema = z.object({
	url: z.string().min(1).max(2048).optional(),
	events: z.array(z.string().min(1)).min(1).optional(),
	active: z.boolean().optional(),
});

/** VelaFlows' Integrations API as its docs show it: `data.subscription._id`, subscriber secret. */
export function velaflowsRoutes(context: ProviderContext) {
	return async (app: FastifyInstance) => {
		const workspace = (request: FastifyRequest): Account => {
			const account = authenticate(context, PROVIDER, request);
			const header = request.headers['x-workspace-id'];
			if (!header)
				throw new PersonaError(400, 'missing_workspace', 'The x-workspace-id header is required.');
			if (header !== account.id)
				throw new PersonaError(
					401,
					'unauthenticated',
					'This API token does not belong to that workspace.',
				);
			return account;
		};
		const owned = (account: Account, id: string): Webhook => {
			const webhook = context.webhooks.find(PROVIDER, account.id, id);
			if (!webhook)
				throw new PersonaError(
					404,
					'not_found',
					'No webhook subscription with that id in this workspace.',
				);
			return webhook;
		};

		app.post('/integrations/webhooks', async (request, reply) => {
			const account = workspace(request);
			const body = parseBody(CreateSchema, request.body);
			const webhook = context.webhooks.create({
				id: randomBytes(12).toString('hex'),
				provider: PROVIDER,
				accountId: account.id,
				url: checkUrl(context, PROVIDER, body.url),
				events: checkEvents(context.profiles.get(PROVIDER), body.events),
				secret: body.secret ?? null,
				active: body.active ?? true,
			});
			return reply.code(201).send({ success: true, data: { subscription: view(webhook) } });
		});

		app.get('/integrations/webhooks', async (request) => {
			const account = workspace(request);
			return {
				success: true,
				data: { subscriptions: context.webhooks.list(PROVIDER, account.id).map(view) },
			};
		});

		app.patch<{ Params: { id: string } }>('/integrations/webhooks/:id', async (request) => {
			const account = workspace(request);
			const webhook = owned(account, request.params.id);
			const body = parseBody(UpdateSchema, request.body);
			const reactivated = body.active === true && !webhook.active;
			const saved = context.webhooks.save({
				...webhook,
				url: body.url === undefined ? webhook.url : checkUrl(context, PROVIDER, body.url),
				events:
					body.events === undefined
						? webhook.events
						: checkEvents(context.profiles.get(PROVIDER), body.events),
				active: body.active ?? webhook.active,
				failureCount: reactivated ? 0 : webhook.failureCount,
			});
			if (reactivated) context.dispatcher.wake();
			return { success: true, data: { subscription: view(saved) } };
		});

		app.delete<{ Params: { id: string } }>('/integrations/webhooks/:id', async (request) => {
			const account = workspace(request);
			context.webhooks.remove(owned(account, request.params.id));
			return { success: true, data: { deleted: true } };
		});
	};
}

/** A subscription as VelaFlows shows it: never its secret. */
function view(webhook: Webhook) {
	return {
		_id: webhook.id,
		url: webhook.url,
		events: webhook.events,
		active: webhook.active,
		createdAt: webhook.createdAt,
	};
}
