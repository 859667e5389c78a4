import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { Dispatcher } from './delivery/dispatcher';
import type { Resolver } from './delivery/target-guard';
import { PersonaProfiles } from './persona-profiles';
import type { ProviderContext, ProviderSettings } from './provider-context';
import type { Profile } from '@hookbridge/core';
import { dashboardRoutes } from './dashboard/dashboard-routes';
import { adminRoutes } from './routes/admin-routes';
import { errorAnswer } from './routes/error-answer';
import { PersonaError } from './routes/persona-error';
import { profileApiRoutes } from './routes/profile-api-routes';
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
	personas: Readonly<Record<string, string>>;
	/** `personas[id]`, or an error for a provider not impersonated here. */
	persona(id: string): string;
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
	const urls: Record<string, string> = Object.fromEntries(
		personas
			.all()
			.map((profile) => [
				profile.id,
				`${url}${profile.api ? apiPrefix(profile) : `/_admin/${profile.id}`}`,
			]),
	);
	return {
		url,
		personas: urls,
		persona(id) {
			const found = Object.hasOwn(urls, id) ? urls[id] : undefined;
			if (found === undefined) throw new Error(`No provider "${id}" is impersonated here.`);
			return found;
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
	// A documented path answers with or without a trailing slash (`…/webhooks/`), as the old
	// per-provider routes mounted at their prefix did.
	const app = Fastify({
		logger: false,
		bodyLimit: 1024 * 1024,
		routerOptions: { ignoreTrailingSlash: true },
	});
	app.addHook('onRoute', (route) => {
		for (const method of [route.method].flat()) routes.push(`${method} ${route.url}`);
	});
	const apis = context.profiles.all().filter((profile) => profile.api);
	// Each API persona answers errors in its own shape, found by the prefix it is served under.
	const answeredBy = (url: string) =>
		apis.find((profile) => {
			const prefix = apiPrefix(profile);
			return url.startsWith(prefix) && /^(?:[/?]|$)/.test(url.slice(prefix.length));
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
		const body = errorAnswer(answeredBy(request.url), { status, code, message, pointer });
		reply.code(status).send(body);
	});
	app.setNotFoundHandler((request, reply) => {
		const refusal = { status: 404, code: 'not_found', message: 'No such route.' };
		reply.code(404).send(errorAnswer(answeredBy(request.url), refusal));
	});
	app.register(adminRoutes(context), { prefix: '/_admin' });
	app.register(dashboardRoutes(context));
	for (const profile of apis) {
		app.register(profileApiRoutes(context, profile), { prefix: apiPrefix(profile) });
	}
	return app;
}

/**
 * Where a provider's management API is served: its id, then the path of its base URL
 * (`https://api.example.com/api/v1` → `/<id>/api/v1`), so endpoint paths stay as documented.
 */
function apiPrefix(profile: Profile): string {
	const base = new URL(profile.api?.baseUrl ?? 'http://localhost').pathname.replace(/\/+$/, '');
	return `/${profile.id}${base}`;
}
