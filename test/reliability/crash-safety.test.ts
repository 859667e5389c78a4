import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	DuplicateEventError,
	MemoryDedupeStore,
	profiles,
	receive,
	WebhookError,
	type NormalizedEvent,
} from '../../shared';
import { CliProcess } from '../cli/helpers/cli-process';
import { call } from '../provider/helpers/provider-fixture';
import { closeServer, listenOnLoopback } from '../helpers/loopback-server';
import { prng } from './helpers/forgeries';
import { recordSummary } from './helpers/summary';

// The real `hookbridge provider` process is SIGKILLed three times while a 2,000-event burst is
// emitted and delivered to a receiver that is down 30 % of the time, and restarted each time on
// the same SQLite file. Every acknowledged event must arrive; repeats must be recognisable.

const PROVIDER = 'velaflows';
const TOTAL = 2_000;
const KILL_AT = [0.2, 0.5, 0.8];
const EMIT_CONCURRENCY = 16;
const TIME_SCALE = 1_000;
const SECRET = 'whsec_crash_safety';
// The receiver flaps in 100 ms windows, three of every ten down (at seeded pseudo-random places).
const WINDOW_MS = 100;
const WINDOWS_PER_BLOCK = 10;
const DOWN_PER_BLOCK = 3;

const profile = profiles[PROVIDER];
if (!profile) throw new Error(`no ${PROVIDER} profile`);
const policy = profile.delivery;
// VelaFlows is the one profile without auto-disable. With 64 attempts in flight, one 100 ms
// down window is ten consecutive failures, which disables a Vellocity, Flowella or InboundFlow
// webhook: documented behaviour, not a crash bug, so it would turn this into a policy test.
if (policy.autoDisableAfter !== null)
	throw new Error(`${PROVIDER} now auto-disables; pick a profile that does not for this test`);
// An event's last attempt comes this long after its first at the earliest. The receiver stops
// flapping well before that (80 %), so "down" can never use up an event's retries: losing one
// that way would be the retry policy at work, not the crash.
const RETRY_SPAN_MS = (policy.retryDelaysSeconds.reduce((a, b) => a + b, 0) * 1000) / TIME_SCALE;
const FLAP_LIMIT_MS = RETRY_SPAN_MS * 0.8;

interface Seen {
	eventId: string;
	deliveryId: string | null;
}

/**
 * A receiver on 127.0.0.1 that is down (503, or the connection dropped) in its down windows and
 * otherwise verifies each delivery with receive(), deduplicating with a MemoryDedupeStore.
 */
class FlappingReceiver {
	readonly dedupe = new MemoryDedupeStore();
	readonly processed: Seen[] = [];
	readonly duplicates: Seen[] = [];
	readonly refusals: string[] = [];
	requests = 0;
	answered503 = 0;
	dropped = 0;
	url = '';
	/** Called after a fresh event was processed and before it is answered (the kill point). */
	onProcessed: ((seen: Seen) => Promise<void>) | undefined;
	private flapStart = 0;
	private flapEnd = 0;
	private readonly downSlots = new Map<number, Set<number>>();
	private server: Server | undefined;

	async start(): Promise<this> {
		this.server = createServer((request, response) => {
			const chunks: Buffer[] = [];
			request.on('data', (chunk: Buffer) => chunks.push(chunk));
			request.on('end', () => void this.handle(request, response, Buffer.concat(chunks)));
		});
		this.url = await listenOnLoopback(this.server);
		return this;
	}

	async stop(): Promise<void> {
		await closeServer(this.server);
	}

	startFlapping(now: number): void {
		this.flapStart = now;
		this.flapEnd = now + FLAP_LIMIT_MS;
	}

	/** Up for good from now on (no later than FLAP_LIMIT_MS after the start). */
	stopFlapping(now: number): void {
		this.flapEnd = Math.min(this.flapEnd, now);
	}

	get flappedMs(): number {
		return Math.max(0, this.flapEnd - this.flapStart);
	}

	/** The share of the flapping time spent down, from the schedule itself. */
	downShare(): number {
		const windows = Math.floor(this.flappedMs / WINDOW_MS);
		let down = 0;
		for (let i = 0; i < windows; i++) if (this.downAt(this.flapStart + i * WINDOW_MS)) down += 1;
		return windows === 0 ? 0 : down / windows;
	}

	private downAt(now: number): boolean {
		if (now < this.flapStart || now >= this.flapEnd) return false;
		const index = Math.floor((now - this.flapStart) / WINDOW_MS);
		const block = Math.floor(index / WINDOWS_PER_BLOCK);
		let slots = this.downSlots.get(block);
		if (!slots) {
			const random = prng(block + 1);
			const order = Array.from({ length: WINDOWS_PER_BLOCK }, (_, i) => i).sort(
				() => random() - 0.5,
			);
			slots = new Set(order.slice(0, DOWN_PER_BLOCK));
			this.downSlots.set(block, slots);
		}
		return slots.has(index % WINDOWS_PER_BLOCK);
	}

	private async handle(request: IncomingMessage, response: ServerResponse, body: Buffer) {
		this.requests += 1;
		if (this.downAt(Date.now())) {
			// Half the refusals are a 503, half a connection dropped without an answer.
			if ((this.answered503 + this.dropped) % 2 === 0) {
				this.answered503 += 1;
				response.writeHead(503).end('down');
			} else {
				this.dropped += 1;
				request.socket.destroy();
			}
			return;
		}
		let event: NormalizedEvent;
		try {
			event = await receive(
				PROVIDER,
				{ headers: request.headers, body },
				{ secrets: SECRET, dedupe: this.dedupe },
			);
		} catch (error) {
			if (error instanceof DuplicateEventError) {
				const repeated = error.event as NormalizedEvent;
				this.duplicates.push({ eventId: repeated.id, deliveryId: repeated.deliveryId });
				response.writeHead(200).end('duplicate');
				return;
			}
			this.refusals.push(error instanceof WebhookError ? error.code : String(error));
			response.writeHead(401).end('refused');
			return;
		}
		const seen = { eventId: event.id, deliveryId: event.deliveryId };
		this.processed.push(seen);
		const hook = this.onProcessed;
		if (hook) {
			// Processed, but the provider dies before it hears so: it must send this one again.
			this.onProcessed = undefined;
			await hook(seen);
			response.destroy();
			return;
		}
		response.writeHead(200).end('ok');
	}
}

/** The reference provider as a user runs it, restartable on the same data file. */
class ProviderProcess {
	process: CliProcess | undefined;
	url = '';

	constructor(private readonly dataFile: string) {}

	async start(): Promise<void> {
		this.process = new CliProcess([
			'provider',
			'--port',
			'0',
			'--data',
			this.dataFile,
			'--allow-loopback',
			'--time-scale',
			String(TIME_SCALE),
		]);
		const match = await this.process.waitFor(/listening on (http:\/\/\S+)/);
		this.url = match[1] ?? '';
		const health = await call('GET', `${this.url}/_admin/health`);
		if (health.status !== 200) throw new Error(`provider health: ${health.status}`);
	}

	async kill(): Promise<void> {
		const child = this.process?.child;
		await this.process?.stop('SIGKILL');
		if (child?.signalCode !== 'SIGKILL') throw new Error('the provider did not die by SIGKILL');
	}
}

interface Kill {
	acknowledged: number;
	delivered: number;
	/** The event processed by the receiver whose answer the provider never heard. */
	unanswered: string;
	downMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(
	what: string | (() => string),
	predicate: () => boolean | Promise<boolean>,
	timeoutMs: number,
) {
	const deadline = Date.now() + timeoutMs;
	while (!(await predicate())) {
		if (Date.now() > deadline) {
			throw new Error(`${typeof what === 'string' ? what : what()}: not within ${timeoutMs} ms`);
		}
		await sleep(25);
	}
}

test(`${TOTAL} events, receiver down 30 %, provider SIGKILLed ${KILL_AT.length} times: none lost, repeats deduplicated`, async () => {
	const started = performance.now();
	const dir = mkdtempSync(join(tmpdir(), 'hookbridge-crash-safety-'));
	const receiver = await new FlappingReceiver().start();
	const provider = new ProviderProcess(join(dir, 'provider.sqlite'));
	try {
		await provider.start();
		const account = (await call('POST', `${provider.url}/_admin/accounts`, { provider: PROVIDER }))
			.body as { id: string; apiKey: string };
		const type = 'inbox.message.received';
		const subscribed = await call(
			'POST',
			`${provider.url}/velaflows/api/v1/integrations/webhooks`,
			{ url: `${receiver.url}/hook`, events: [type], secret: SECRET },
			{ authorization: `Bearer ${account.apiKey}`, 'x-workspace-id': account.id },
		);
		expect(subscribed.status).toBe(201);
		console.log(
			`crash safety: ${PROVIDER} provider (time ×${TIME_SCALE}, retries ${policy.retryDelaysSeconds.join('/')} s, no auto-disable) on ${provider.url}; receiver ${receiver.url} down ${DOWN_PER_BLOCK}/${WINDOWS_PER_BLOCK} of every ${WINDOW_MS * WINDOWS_PER_BLOCK} ms for at most ${(FLAP_LIMIT_MS / 1000).toFixed(1)} s`,
		);

		const acknowledged: string[] = [];
		const kills: Kill[] = [];
		let cutOff = 0;
		let claimed = 0;
		// Emitters wait on this while the provider is down and being restarted.
		let gate: Promise<void> = Promise.resolve();
		const deliveredIds = () => new Set(receiver.processed.map((s) => s.eventId));

		const crash = async (unanswered: Seen) => {
			let reopen = () => {};
			gate = new Promise((resolve) => (reopen = resolve));
			const killedAt = Date.now();
			const kill: Kill = {
				acknowledged: acknowledged.length,
				delivered: deliveredIds().size,
				unanswered: unanswered.eventId,
				downMs: 0,
			};
			await provider.kill();
			await provider.start();
			kill.downMs = Date.now() - killedAt;
			kills.push(kill);
			console.log(
				`crash safety: SIGKILL ${kills.length} at ${kill.acknowledged}/${TOTAL} acknowledged (${Math.round((100 * kill.acknowledged) / TOTAL)} %), ${kill.delivered} delivered, with ${unanswered.eventId} processed but unanswered; restarted on the same file in ${kill.downMs} ms`,
			);
			reopen();
		};
		let armed = 0;
		const afterAck = () => {
			const threshold = KILL_AT[armed];
			if (threshold === undefined || acknowledged.length < threshold * TOTAL) return;
			armed += 1;
			// The next fresh delivery the receiver processes is the moment of the kill.
			receiver.onProcessed = crash;
		};
		const emitter = async () => {
			while (claimed < TOTAL) {
				claimed += 1;
				await gate;
				try {
					const r = await call('POST', `${provider.url}/_admin/${PROVIDER}/events`, {
						account: account.id,
						type,
					});
					if (r.status !== 202) throw new Error(`emit answered ${r.status}`);
					acknowledged.push(r.body.eventId);
					afterAck();
				} catch (error) {
					if (error instanceof Error && error.message.startsWith('emit answered')) throw error;
					// The process died under this request: not acknowledged, so emit another.
					claimed -= 1;
					cutOff += 1;
					if (cutOff > 1_000) throw new Error('emits keep failing');
				}
			}
		};

		receiver.startFlapping(Date.now());
		await Promise.all(Array.from({ length: EMIT_CONCURRENCY }, emitter));
		const burstMs = performance.now() - started;
		await waitUntil('all kills done', () => kills.length === KILL_AT.length, 30_000);
		await gate;
		receiver.stopFlapping(Date.now());
		console.log(
			`crash safety: ${acknowledged.length} events acknowledged in ${(burstMs / 1000).toFixed(1)} s (${cutOff} emits cut off by the kills and sent again); receiver up for good after ${(receiver.flappedMs / 1000).toFixed(1)} s of flapping (${Math.round(receiver.downShare() * 100)} % down)`,
		);

		const acked = new Set(acknowledged);
		const missing = () => acknowledged.filter((id) => !deliveredIds().has(id));
		try {
			await waitUntil(
				'every acknowledged event delivered',
				() => missing().length === 0,
				RETRY_SPAN_MS + 30_000,
			);
		} catch (error) {
			const stats = await call('GET', `${provider.url}/_admin/${PROVIDER}/stats`);
			console.log(
				`crash safety: ${missing().length} missing, e.g. ${missing().slice(0, 3).join(', ')}; provider states ${JSON.stringify(stats.body)}`,
			);
			throw error;
		}
		// The provider commits outcomes just after the receiver answers: wait for nothing to be left.
		let states: Record<string, number> = {};
		await waitUntil(
			() => `the outbox drained (states ${JSON.stringify(states)})`,
			async () => {
				states = (await call('GET', `${provider.url}/_admin/${PROVIDER}/stats`)).body.deliveries;
				return !states.pending && !states.inflight;
			},
			10_000,
		);
		await provider.process?.stop('SIGTERM');

		const eventsLost = missing().length;
		const perEvent = new Map<string, { processed: number; deliveryIds: Set<string | null> }>();
		for (const seen of [...receiver.processed, ...receiver.duplicates]) {
			const entry = perEvent.get(seen.eventId) ?? { processed: 0, deliveryIds: new Set() };
			entry.deliveryIds.add(seen.deliveryId);
			perEvent.set(seen.eventId, entry);
		}
		for (const seen of receiver.processed) {
			const entry = perEvent.get(seen.eventId);
			if (entry) entry.processed += 1;
		}
		const processedTwice = [...perEvent.values()].filter((e) => e.processed !== 1).length;
		const mixedDeliveryIds = [...perEvent.values()].filter(
			(e) => e.deliveryIds.size !== 1 || e.deliveryIds.has(null),
		).length;
		const duplicateIds = new Set(receiver.duplicates.map((s) => s.eventId));
		const unacknowledgedDelivered = [...deliveredIds()].filter((id) => !acked.has(id)).length;
		const verified = receiver.processed.length + receiver.duplicates.length;
		const seconds = (performance.now() - started) / 1000;
		console.log(
			`crash safety: emitted ${acknowledged.length}, deliveries received ${receiver.requests} (${verified} verified, ${receiver.answered503 + receiver.dropped} refused while down: ${receiver.answered503} × 503, ${receiver.dropped} dropped), ` +
				`${deliveredIds().size} distinct events processed (${unacknowledgedDelivered} committed but cut off before the 202), ${receiver.duplicates.length} duplicates of ${duplicateIds.size} events, ` +
				`${receiver.refusals.length} signature refusals, ${eventsLost} lost; provider states ${JSON.stringify(states)}; ${seconds.toFixed(1)} s`,
		);
		console.log(
			`crash safety: kills at ${kills.map((k) => `${Math.round((100 * k.acknowledged) / TOTAL)} %`).join(', ')} acknowledged; each unanswered event came again: ${kills.map((k) => (duplicateIds.has(k.unanswered) ? 'yes' : 'no')).join(', ')}`,
		);
		recordSummary({
			suite: 'crash safety: 3 × SIGKILL, 2,000 events, receiver down 30 %',
			tried: acknowledged.length,
			eventsLost,
			note: `kills at ${kills.map((k) => `${Math.round((100 * k.acknowledged) / TOTAL)} %`).join('/')} acknowledged; ${receiver.answered503 + receiver.dropped} refused while down; duplicates ${receiver.duplicates.length}, each processed once`,
		});

		expect(acknowledged).toHaveLength(TOTAL);
		expect(kills).toHaveLength(KILL_AT.length);
		expect(eventsLost).toBe(0);
		expect(receiver.refusals).toEqual([]);
		// Every repeat carried its event's id and its delivery's id; dedupe let each through once.
		expect(mixedDeliveryIds).toBe(0);
		expect(processedTwice).toBe(0);
		expect(receiver.processed).toHaveLength(deliveredIds().size);
		for (const kill of kills) expect(duplicateIds.has(kill.unanswered)).toBe(true);
		// Nothing ran out of retries: the flapping stopped before any event could.
		expect(states.failed ?? 0).toBe(0);
		expect(states.succeeded).toBe(deliveredIds().size);
		expect(receiver.answered503 + receiver.dropped).toBeGreaterThan(0);
	} finally {
		const child = provider.process?.child;
		if (child && child.exitCode === null && child.signalCode === null)
			await provider.process?.stop('SIGKILL');
		await receiver.stop();
		rmSync(dir, { recursive: true, force: true });
	}
}, 180_000);
