import type { SourceSettings, IngestLimits } from './ingress/ingest-delivery';
import { startIngress } from './ingress/ingress-server';
import type { JsonLog } from './log/json-log';
import { GatewayMetrics } from './metrics/gateway-metrics';
import { DestinationWorker, type DestinationSettings } from './relay/destination-worker';
import { createRelayAgents } from './relay/post-relay';
import type { GatewayStore } from './store/gateway-store';

export interface GatewaySettings {
	store: GatewayStore;
	host: string;
	port: number;
	limits: IngestLimits;
	/**
	 * The sources, or how to get them once the store is attached: keeping a source's webhook
	 * registered (which may replace it, and its secret) must not happen in a gateway that the
	 * store then refuses (store_in_use).
	 */
	sources: readonly SourceSettings[] | (() => Promise<readonly SourceSettings[]>);
	destinations: readonly DestinationSettings[];
	/** SIGTERM: how long relays in flight may take to finish before they are left queued. */
	drainTimeoutMs: number;
	log: JsonLog;
	/** Longest sleep of an idle relay worker (other instances sharing the store enqueue too). */
	pollMs?: number;
}

export interface RunningGateway {
	url: string;
	metrics: GatewayMetrics;
	/** Stops ingress, lets relays in flight finish within the drain bound, closes the store. */
	stop(): Promise<void>;
	/** Settles once the gateway has stopped: by stop(), or because the store was taken over. */
	stopped: Promise<void>;
}

/**
 * Starts one gateway instance: attaches to the store, then ingress, then relay workers for
 * every destination. Anything that fails on the way undoes what was started, so a process
 * that cannot listen exits instead of relaying with no way in.
 */
export async function startGateway(settings: GatewaySettings): Promise<RunningGateway> {
	const { store, log } = settings;
	// Filled in once stop() exists; the store may call it any time after attaching.
	const whenLost: { stop?: () => void } = {};
	const released = await store.attach?.({
		onLost: (why) => {
			log('store.lost', { why });
			whenLost.stop?.();
		},
	});
	if (released) log('store.recovered', { released });
	const sources =
		typeof settings.sources === 'function' ? await settings.sources() : settings.sources;
	const metrics = new GatewayMetrics(() => store.status());
	const agents = createRelayAgents();
	const workers = createWorkers(settings, metrics, agents);
	const ingress = await startIngress(
		{
			store,
			sources: new Map(sources.map((source) => [source.id, source])),
			limits: settings.limits,
			metrics,
			log,
			onEnqueued: (ids) => ids.forEach((id) => workers.get(id)?.wake()),
		},
		settings.host,
		settings.port,
	).catch((error: unknown) => {
		agents.http.destroy();
		agents.https.destroy();
		throw error;
	});
	for (const worker of workers.values()) worker.wake();
	log('gateway.started', { url: ingress.url, sources: sources.length });
	let markStopped: () => void = () => undefined;
	const stopped = new Promise<void>((resolve) => (markStopped = resolve));
	const stop = once(async () => {
		try {
			log('gateway.stopping', { inFlight: inFlight(workers) });
			await ingress.close(settings.drainTimeoutMs);
			const progress = setInterval(
				() => log('gateway.draining', { inFlight: inFlight(workers) }),
				1000,
			);
			await Promise.all([...workers.values()].map((w) => w.stop(settings.drainTimeoutMs)));
			clearInterval(progress);
			agents.http.destroy();
			agents.https.destroy();
			await store.close();
			log('gateway.stopped', {});
		} finally {
			markStopped();
		}
	});
	// Another gateway relays from the store now: this one stops rather than relay beside it.
	whenLost.stop = () => void stop().catch(() => undefined);
	return { url: ingress.url, metrics, stop, stopped };
}

/** One worker per destination, idle until woken; each logs and counts its outcomes. */
function createWorkers(
	settings: GatewaySettings,
	metrics: GatewayMetrics,
	agents: ReturnType<typeof createRelayAgents>,
): Map<string, DestinationWorker> {
	const { store, log } = settings;
	const workers = new Map<string, DestinationWorker>();
	for (const destination of settings.destinations) {
		const worker = new DestinationWorker(store, destination, {
			agents,
			...(settings.pollMs === undefined ? {} : { pollMs: settings.pollMs }),
			onOutcome: (relay, outcome, ms) => {
				metrics.attempts.inc({ destination: relay.destination, outcome: outcome.kind });
				log(`relay.${outcome.kind}`, {
					destination: relay.destination,
					source: relay.source,
					eventId: relay.eventId,
					attempt: relay.attempts + 1,
					status: outcome.status,
					error: outcome.error,
					ms: Math.round(ms),
				});
			},
			onStoreError: (error) =>
				log('store.error', { destination: destination.id, error: describe(error) }),
		});
		workers.set(destination.id, worker);
	}
	return workers;
}

function inFlight(workers: ReadonlyMap<string, DestinationWorker>): number {
	let n = 0;
	for (const worker of workers.values()) n += worker.inFlight;
	return n;
}

function describe(error: unknown): string {
	return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function once(fn: () => Promise<void>): () => Promise<void> {
	let running: Promise<void> | undefined;
	return () => (running ??= fn());
}
