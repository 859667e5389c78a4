import { z } from 'zod/v4';
import { integer, needsLoopbackFlag, strictObject } from './config-fields';
import {
	destinationSchema,
	type DestinationConfig,
	type DestinationInput,
} from './destination-schema';
import { sourceSchema, type SourceConfig } from './source-schema';
import { storeSchema } from './store-schema';
import { catalogAccepts } from './subscribe-schema';

const listenSchema = strictObject({
	host: z
		.string()
		.min(1, { error: 'is empty' })
		.default('127.0.0.1')
		.describe(
			'The interface to listen on: 127.0.0.1 accepts connections from this machine only; 0.0.0.0 (every interface) is for running behind a load balancer or reverse proxy that terminates TLS.',
		),
	port: integer(0, 65_535).prefault(8080).describe('The TCP port; 0 picks any free one (tests).'),
})
	.prefault({})
	.describe('Where the HTTP server listens.');

const configObject = strictObject({
	store: storeSchema,
	listen: listenSchema,
	maxBytes: integer(1)
		.prefault(1_048_576)
		.describe('The largest request body accepted, in bytes; a larger one is answered 413 unread.'),
	toleranceSeconds: integer(1)
		.prefault(300)
		.describe('How far a signed timestamp may be from now, either way, in seconds.'),
	allowLoopback: z
		.boolean({ error: 'must be true or false' })
		.default(false)
		.describe(
			'Allow http:// URLs to loopback hosts (127.0.0.0/8, ::1, localhost) in destinations and `subscribe`: for development and tests.',
		),
	drainTimeoutMs: integer(0)
		.prefault(10_000)
		.describe(
			'On SIGTERM, how long in-flight relays may take to finish before the gateway exits (ms).',
		),
	sources: z
		.array(sourceSchema)
		.min(1, { error: 'list at least one source' })
		.describe('Where deliveries come from: each is one provider, verified at `POST /in/<id>`.'),
	destinations: z
		.array(destinationSchema)
		.min(1, { error: 'list at least one destination' })
		.describe('Where verified events are relayed, re-signed with Standard Webhooks.'),
});

type ConfigInput = z.output<typeof configObject>;
type Context = z.RefinementCtx<ConfigInput>;

/** The gateway's config file: checked whole, then with every default filled in. */
export const gatewayConfigSchema = configObject
	.superRefine((config, ctx) => {
		checkUniqueIds(config.sources, 'sources', ctx);
		checkUniqueIds(config.destinations, 'destinations', ctx);
		config.destinations.forEach((destination, i) => checkDestination(config, destination, i, ctx));
		if (!config.allowLoopback) checkNoLoopback(config, ctx);
	})
	.transform((config) => {
		const all = config.sources.map((source) => source.id);
		const destinations = config.destinations.map((destination): DestinationConfig => ({
			...destination,
			sources: destination.sources ?? all,
		}));
		return { ...config, destinations };
	});

export type GatewayConfig = z.output<typeof gatewayConfigSchema>;
export type { DestinationConfig } from './destination-schema';
export type { SourceConfig } from './source-schema';
export type { StoreConfig } from './store-schema';
export type { SubscribeConfig } from './subscribe-schema';

function checkUniqueIds(items: { id: string }[], list: string, ctx: Context): void {
	const first = new Map<string, number>();
	items.forEach(({ id }, i) => {
		const earlier = first.get(id);
		if (earlier === undefined) first.set(id, i);
		else {
			const message = `duplicate id "${id}" (also ${list}[${earlier}])`;
			ctx.addIssue({ code: 'custom', path: [list, i, 'id'], message });
		}
	});
}

/** Its sources must exist, and each type it filters on must be one those sources can send. */
function checkDestination(
	config: ConfigInput,
	destination: DestinationInput,
	i: number,
	ctx: Context,
): void {
	const byId = new Map<string, SourceConfig>(config.sources.map((source) => [source.id, source]));
	destination.sources?.forEach((id, j) => {
		if (byId.has(id)) return;
		const message = `unknown source "${id}"; sources: ${[...byId.keys()].join(', ')}`;
		ctx.addIssue({ code: 'custom', path: ['destinations', i, 'sources', j], message });
	});
	const chosen = (destination.sources ?? [...byId.keys()]).flatMap((id) => {
		const profile = byId.get(id)?.profile;
		return profile ? [profile] : [];
	});
	const names = [...new Set(chosen.map((profile) => profile.name))].join(', ');
	destination.events?.forEach((type, j) => {
		if (chosen.some((profile) => catalogAccepts(profile, type))) return;
		const message = `unknown event type "${type}": in no catalog of this destination's sources (${names})`;
		ctx.addIssue({ code: 'custom', path: ['destinations', i, 'events', j], message });
	});
}

/** Plain http to a loopback host passed the field checks; without the flag it is refused here. */
function checkNoLoopback(config: ConfigInput, ctx: Context): void {
	const message = 'http is allowed only with allowLoopback: true (development); use https';
	const refuse = (path: (string | number)[]) => ctx.addIssue({ code: 'custom', path, message });
	config.destinations.forEach((destination, i) => {
		if (needsLoopbackFlag(destination.url)) refuse(['destinations', i, 'url']);
	});
	config.sources.forEach(({ subscribe }, i) => {
		if (!subscribe) return;
		if (needsLoopbackFlag(subscribe.publicUrl)) refuse(['sources', i, 'subscribe', 'publicUrl']);
		const { baseUrl } = subscribe.credentials;
		if (baseUrl && needsLoopbackFlag(baseUrl)) refuse(['sources', i, 'subscribe', 'baseUrl']);
	});
}
