import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { Dispatcher } from './delivery/dispatcher';
import type { Resolver } from './delivery/target-guard';
import { PersonaProfiles } from './persona-profiles';
import type { ProviderContext, ProviderSettings } from './provider-context';
import type { Profile } from '@hookbridge/core';
import { dashboardRoutes } from './dashboard/dashboard-routes';
import { adminRoutes } from './routes/admin-routes';
import { PersonaError } from './routes/persona-error';
import { profileApiRoutes } from './routes/profile-api-routes';
import { VELAFLOWS_PREFIX, velaflowsRoutes } from './routes/velaflows-routes';
import { VELLOCITY_PREFIX, vellocityRoutes } from './routes/vellocity-routes';
import { AccountsRepo } from './store/accounts';
import { openDatabase } from './store/open-database';
import { OutboxRepo } from './store/outbox';
import { WebhooksRepo } from './store/webhooks';

export interface ProviderOptions extends Partial<ProviderSettings> {
	port?: number;
	host?: string;
	/** SQLite file; ':memory:' for throwaway runs. */
	dataFile: string;
	/** Attempts in flight at once. */
	concurrency?: number;
	/**
	 * Stands in for DNS when delivering (tests only: they have no resolver and must make names
	 * resolve to chosen addresses). The address check after resolution applies as ever.
	 */
	lookup?: Resolver;
	/** Providers to impersonate besides the built-in ones (profile files). */
	profiles?: readonly Profile[];
}

export interface RunningProvider {
	url: string;
	/**
	 * Where each impersonated provider is reached, by id: its management API where this server
	 * serves one, else its dashboard's admin API.
	 */
	personas: Record<'velaflows' | 'vellocity' | 'flowella' | 'inboundflow', string> &
		Record<string, string | undefined>;
	context: ProviderContext;
	/** Every route served, as 'METHOD /path' (what the isolation tests must cover). */
	routes: readonly string[];
	close(): Promise<void>;
}

/** Starts the reference provider: HTTP personas, admin API and the delivery dispatcher. */
export async function startProvider(options: ProviderOptions): Promise<RunningProvider> {
	const db = openDatabase(options.dataFile);
	const settings: ProviderSettings = {
		allowLoopback: options.allowLoopback ?? false,
		timeScale: options.timeScale ?? 1,
		rateLimitPerMinute: options.rateLimitPerMinute ?? 600,
	};
	const outbox = new OutboxRepo(db);
	const personas = new PersonaProfiles(options.profiles);
	const dispatcher = new Dispatcher(outbox, {
		profiles: personas,
		timeScale: settings.timeScale,
		allowLoopback: settings.allowLoopback,
		concurrency: options.concurrency ?? 64,
		pollMs: 1000,
		lookup: options.lookup,
	});
	const context: ProviderContext = {
		accounts: new AccountsRepo(db),
		webhooks: new WebhooksRepo(db),
		outbox,
		dispatcher,
		settings,
		profiles: personas,
	};
	const routes: string[] = [];
	const app = buildApp(context, routes);
	await app.listen({ port: options.port ?? 4010, host: options.host ?? '127.0.0.1' });
	const address = app.server.address();
	const port = typeof address === 'object' && address ? address.port : options.port;
	const host = options.host ?? '127.0.0.1';
	const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
	dispatcher.start();
	return {
		url,
		personas: {
			...Object.fromEntries(
				personas
					.all()
					.filter((profile) => !profile.api)
					.map((profile) => [profile.id, `${url}/_admin/${profile.id}`]),
			),
			...Object.fromEntries(
				profileApis(context).map((profile) => [profile.id, `${url}${profileApiPrefix(profile)}`]),
			),
			velaflows: `${url}${VELAFLOWS_PREFIX}`,
			vellocity: `${url}/vellocity/api/v1`,
			flowella: `${url}/_admin/flowella`,
			inboundflow: `${url}/_admin/inboundflow`,
		},
		context,
		routes,
		async close() {
			await app.close();
			await dispatcher.stop();
			db.close();
		},
	};
}

function buildApp(context: ProviderContext, routes: string[]): FastifyInstance {
	const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
	app.addHook('onRoute', (route) => {
		for (const method of [route.method].flat()) routes.push(`${method} ${route.url}`);
	});
	app.setErrorHandler((error: FastifyError | PersonaError, request, reply) => {
		const persona = error instanceof PersonaError;
		const status = persona ? error.status : (error.statusCode ?? 500);
		const code = persona ? error.code : status >= 500 ? 'server_error' : 'bad_request';
		const message = persona
			? error.message
			: status >= 500
				? 'Internal error.'
				: 'The request body is not valid JSON.';
		if (persona) reply.headers(error.headers);
		const pointer = persona ? error.pointer : undefined;
		reply.code(status).send(errorShape(request.url, status, code, message, pointer));
	});
	app.setNotFoundHandler((request, reply) => {
		reply.code(404).send(errorShape(request.url, 404, 'not_found', 'No such route.'));
	});
	app.register(adminRoutes(context), { prefix: '/_admin' });
	app.register(dashboardRoutes(context));
	app.register(velaflowsRoutes(context), { prefix: VELAFLOWS_PREFIX });
	app.register(vellocityRoutes(context), { prefix: VELLOCITY_PREFIX });
	for (const profile of profileApis(context)) {
		app.register(profileApiRoutes(context, profile), { prefix: profileApiPrefix(profile) });
	}
	return app;
}

/** Each persona's own error body: VelaFlows `{success:false,error}`, Vellocity JSON:API `errors`. */
function errorShape(url: string, status: number, code: string, message: string, pointer?: string) {
	if (url.startsWith('/vellocity/')) {
		const title =
			status === 401
				? 'Unauthenticated'
				: status === 404
					? 'Not Found'
					: status === 429
						? 'Too Many Requests'
						: status === 403
							? 'Forbidden'
							: 'Invalid request';
		return {
			errors: [
				{
					status: String(status),
					code,
					title,
					detail: message,
					...(pointer ? { source: { pointer: `/data/attributes${pointer}` } } : {}),
				},
			],
		};
	}
	if (url.startsWith('/velaflows/')) return { success: false, error: { code, message } };
	return { error: { code, message } };
}

/** The profiles with a management API and no routes of their own here: their API is served
 * from the profile (routes/profile-api-routes.ts). */
function profileApis(context: ProviderContext): Profile[] {
	const ownRoutes = new Set(['velaflows', 'vellocity']);
	return context.profiles.all().filter((profile) => profile.api && !ownRoutes.has(profile.id));
}

function profileApiPrefix(profile: Profile): string {
	return `/api/${profile.id}`;
}
