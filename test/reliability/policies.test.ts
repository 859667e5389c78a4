import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProvider, type RunningProvider } from '../../provider/start-provider';
import { profiles, receive, WebhookError, type Profile } from '../../shared';
import { SubscriptionClient } from '../../cli/http/subscription-client';
import { generateSecret } from '../../shared/subscriptions/generate-secret';
import { DOCUMENTED_POLICIES, type PersonaPolicy } from '../helpers/documented-policies';
import { closeServer, listenOnLoopback } from '../helpers/loopback-server';
import { call } from '../provider/helpers/provider-fixture';
import { recordSummary } from './helpers/summary';

// Each persona's delivery policy, checked on a compressed clock: attempt count and backoff, 3xx
// as failure, the statuses that disable at once, the auto-disable threshold and re-enabling.
// Every expected number comes from the providers' docs, written out with the sentence it comes
// from in test/helpers/documented-policies.ts (the profile's assumptions where the docs are
// silent, marked as such), never from the profile under test: a wrong profile fails here.

const PERSONAS = Object.keys(DOCUMENTED_POLICIES) as Array<keyof typeof DOCUMENTED_POLICIES>;
type Persona = (typeof PERSONAS)[number];
// Redirects that keep the method (307, 308) first: the ones a following client would re-POST.
const REDIRECTS = [307, 308, 301, 302, 303];
// The gaps are lower bounds by construction; the upper bound only has to catch "waited for the
// wrong delay", so it allows a busy machine's scheduling delay.
const SLACK_MS = 1_000;

let scenarios = 0;
let shouldResume = 0;
let resumed = 0;

afterAll(() => {
	recordSummary({
		suite: 'policies: attempts, backoff, 3xx, 410, auto-disable, re-enable',
		tried: scenarios,
		eventsLost: shouldResume - resumed,
		note: `${PERSONAS.length} providers; ${resumed}/${shouldResume} events delivered after re-enable`,
	});
});

function profileOf(id: string): Profile {
	const profile = profiles[id];
	if (!profile) throw new Error(`no profile ${id}`);
	return profile;
}

/** Attempts a failing delivery gets: the first, then each retry that starts inside the window. */
function attemptsOf(policy: PersonaPolicy): number {
	const { retryDelaysSeconds, retryWindowSeconds } = policy;
	let elapsed = 0;
	let attempts = 1;
	for (const delay of retryDelaysSeconds) {
		elapsed += delay;
		if (elapsed > retryWindowSeconds) break;
		attempts += 1;
	}
	return attempts;
}

/** The time scale that runs the documented retry schedule in about `targetMs`. */
function clockFor(policy: PersonaPolicy, targetMs: number): number {
	const total = policy.retryDelaysSeconds.reduce((a, b) => a + b, 0);
	return Math.max(1, (total * 1000) / targetMs);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(
	what: () => string,
	predicate: () => boolean | Promise<boolean>,
	timeoutMs = 20_000,
) {
	const deadline = Date.now() + timeoutMs;
	while (!(await predicate())) {
		if (Date.now() > deadline) throw new Error(`${what()}: not within ${timeoutMs} ms`);
		await sleep(10);
	}
}

interface Hit {
	at: number;
	path: string;
	status: number;
	eventId?: string;
	deliveryId: string | null;
	refusal?: string;
}

/** A receiver on 127.0.0.1 answering from a script, verifying every attempt with receive(). */
class ScriptedReceiver {
	readonly hits: Hit[] = [];
	script: (index: number) => number = () => 200;
	url = '';
	private server: Server | undefined;

	constructor(
		private readonly provider: string,
		public secret = '',
	) {}

	async start(): Promise<this> {
		this.server = createServer((request, response) => {
			const chunks: Buffer[] = [];
			request.on('data', (chunk: Buffer) => chunks.push(chunk));
			request.on('end', () => {
				const hit: Hit = {
					at: Date.now(),
					path: request.url ?? '',
					status: 0,
					deliveryId: null,
				};
				receive(
					this.provider,
					{ headers: request.headers, body: Buffer.concat(chunks) },
					{ secrets: this.secret, dedupe: false },
				)
					.then(
						(event) => {
							hit.eventId = event.id;
							hit.deliveryId = event.deliveryId;
							hit.status = this.script(this.hits.length);
						},
						(error: unknown) => {
							hit.refusal = error instanceof WebhookError ? error.code : String(error);
							hit.status = 401;
						},
					)
					.finally(() => {
						this.hits.push(hit);
						// A redirect names a real place: a client that followed it would show up there.
						const location =
							hit.status >= 300 && hit.status < 400 ? `${this.url}/moved` : undefined;
						response.writeHead(hit.status, location ? { location } : {}).end(`${hit.status}`);
					});
			});
		});
		this.url = await listenOnLoopback(this.server);
		return this;
	}

	async stop(): Promise<void> {
		await closeServer(this.server);
	}

	/** A 2xx was answered to a delivery of this event. */
	delivered(sent: Emitted): boolean {
		return this.hits.some((h) => h.status >= 200 && h.status < 300 && isOf(h, sent));
	}
}

interface Emitted {
	eventId: string;
	deliveries: string[];
}

/** InboundFlow's event id is the delivery's id (its docs dedupe on it); the others the event's. */
const isOf = (hit: Hit, sent: Emitted) =>
	hit.eventId === sent.eventId || hit.eventId === sent.deliveries[0];

interface WebhookView {
	active: boolean;
	disabledReason: string | null;
	failureCount: number;
}

/** A provider on a compressed clock, one account, one webhook of `id` on a fresh receiver. */
class Rig {
	private constructor(
		readonly profile: Profile,
		readonly provider: RunningProvider,
		readonly receiver: ScriptedReceiver,
		readonly account: { id: string; apiKey: string },
		readonly webhookId: string,
		readonly type: string,
		private readonly dir: string,
		private readonly client: SubscriptionClient | undefined,
	) {}

	static async open(id: Persona, timeScale: number): Promise<Rig> {
		const profile = profileOf(id);
		const dir = mkdtempSync(join(tmpdir(), 'hookbridge-policies-'));
		const provider = await startProvider({
			port: 0,
			dataFile: join(dir, 'provider.sqlite'),
			allowLoopback: true,
			timeScale,
		});
		const receiver = await new ScriptedReceiver(id).start();
		const type = profile.events.find((e) => !profile.testEventTypes.includes(e.type))?.type ?? '';
		const created = await call('POST', `${provider.url}/_admin/accounts`, { provider: id });
		const account = created.body as { id: string; apiKey: string };
		const url = `${receiver.url}/hook`;
		let client: SubscriptionClient | undefined;
		let webhookId: string;
		if (profile.api) {
			// Subscribed through the persona's own API, as a user's integration would.
			client = new SubscriptionClient(profile, {
				apiKey: account.apiKey,
				workspaceId: account.id,
				baseUrl: provider.personas[id],
			});
			const subscribed = await client.subscribe({ url, events: [type] });
			receiver.secret = subscribed.secret;
			webhookId = subscribed.id;
		} else {
			const typed =
				profile.secret.origin === 'subscriber' ? generateSecret(profile.secret) : undefined;
			const added = await call(
				'PUT',
				`${provider.url}/_admin/${id}/accounts/${account.id}/webhook`,
				{
					url,
					events: [type],
					...(typed ? { secret: typed } : {}),
				},
			);
			receiver.secret = added.body.secret ?? typed ?? '';
			webhookId = added.body.id;
		}
		return new Rig(profile, provider, receiver, account, webhookId, type, dir, client);
	}

	async close(): Promise<void> {
		await this.provider.close();
		await this.receiver.stop();
		rmSync(this.dir, { recursive: true, force: true });
	}

	private get admin(): string {
		return `${this.provider.url}/_admin/${this.profile.id}`;
	}

	async emit(): Promise<Emitted> {
		const r = await call('POST', `${this.admin}/events`, {
			account: this.account.id,
			type: this.type,
		});
		if (r.status !== 202) throw new Error(`emit: ${r.status} ${JSON.stringify(r.body)}`);
		return r.body as Emitted;
	}

	async webhook(): Promise<WebhookView> {
		return (await call('GET', `${this.admin}/accounts/${this.account.id}/webhook`))
			.body as WebhookView;
	}

	async stats(): Promise<Record<string, number>> {
		return (await call('GET', `${this.admin}/stats`)).body.deliveries;
	}

	async log(): Promise<Array<{ attempt: number; status: string; responseCode: number | null }>> {
		const r = await call('GET', `${this.admin}/deliveries?account=${this.account.id}&limit=5000`);
		return r.body.deliveries;
	}

	/**
	 * Waits until the provider has committed every attempt the receiver saw and has nothing
	 * more to send now: nothing in flight, and nothing pending unless the webhook is disabled.
	 */
	async settle(): Promise<void> {
		let last = '';
		await waitUntil(
			() => `${this.profile.id}: outbox not settled (${last})`,
			async () => {
				const [log, stats, webhook] = await Promise.all([this.log(), this.stats(), this.webhook()]);
				last = `${log.length} logged / ${this.receiver.hits.length} received, ${JSON.stringify(stats)}, active ${webhook.active}`;
				return (
					log.length === this.receiver.hits.length &&
					!stats.inflight &&
					(!stats.pending || !webhook.active)
				);
			},
		);
	}

	/** Re-enables through the persona's API where it has one (VelaFlows), else the dashboard. */
	async reenable(): Promise<void> {
		if (this.client && this.profile.api?.endpoints.update && this.profile.api.fields.active) {
			await this.client.update(this.webhookId, { active: true });
			return;
		}
		const r = await call('POST', `${this.admin}/accounts/${this.account.id}/webhook/enable`);
		if (r.status !== 200) throw new Error(`enable: ${r.status} ${JSON.stringify(r.body)}`);
	}

	/** Waits (bounded) for events that must arrive after a re-enable, and counts them. */
	async expectResumed(events: Emitted[]): Promise<void> {
		shouldResume += events.length;
		const missing = () => events.filter((e) => !this.receiver.delivered(e));
		try {
			await waitUntil(
				() => `${this.profile.id}: ${missing().length} not delivered after re-enable`,
				() => missing().length === 0,
				10_000,
			);
		} finally {
			resumed += events.length - missing().length;
		}
	}
}

const rigs: Rig[] = [];
async function open(id: Persona, timeScale: number): Promise<Rig> {
	scenarios += 1;
	const rig = await Rig.open(id, timeScale);
	rigs.push(rig);
	return rig;
}
afterEach(async () => {
	await Promise.all(rigs.splice(0).map((rig) => rig.close()));
});

test('the table covers every persona with routes of its own; other profiles are served in manual mode; standard-webhooks is receive-only', async () => {
	scenarios += 1;
	const dir = mkdtempSync(join(tmpdir(), 'hookbridge-policies-'));
	const provider = await startProvider({ port: 0, dataFile: join(dir, 'provider.sqlite') });
	try {
		expect(Object.keys(provider.personas)).toEqual(expect.arrayContaining([...PERSONAS]));
		const others = Object.keys(profiles).filter(
			(id) => !(PERSONAS as readonly string[]).includes(id),
		);
		// The other built-in profiles (GitHub, Stripe, …) get accounts, dashboards and deliveries
		// from the same code the table's manual-mode personas go through; only the receive-only
		// Standard Webhooks scheme has none.
		for (const id of others) {
			const r = await call('POST', `${provider.url}/_admin/accounts`, { provider: id });
			console.log(`policies: ${id}: account → ${r.status}`);
			expect(r.status).toBe(id === 'standard-webhooks' ? 404 : 201);
		}
	} finally {
		await provider.close();
		rmSync(dir, { recursive: true, force: true });
	}
});

describe.each(PERSONAS)('%s', (id) => {
	const profile = profileOf(id);
	const policy = DOCUMENTED_POLICIES[id];
	const attempts = attemptsOf(policy);
	const threshold = policy.autoDisableAfter;

	test(`a receiver that always fails gets ${attempts} attempts, spaced by ${policy.retryDelaysSeconds.join(', ')} s in that order`, async () => {
		const timeScale = clockFor(policy, 2_000);
		const rig = await open(id, timeScale);
		rig.receiver.script = () => 500;
		const sent = await rig.emit();
		await rig.settle();
		const hits = rig.receiver.hits;
		const gaps = hits.slice(1).map((h, i) => h.at - (hits[i]?.at ?? 0));
		const expected = policy.retryDelaysSeconds
			.slice(0, attempts - 1)
			.map((s) => (s * 1000) / timeScale);
		const webhook = await rig.webhook();
		console.log(
			`policies: ${id}: always 500 → ${hits.length} attempts (documented ${attempts}); gaps ${gaps.join('/')} ms vs documented ${expected.map((g) => g.toFixed(1)).join('/')} ms (×${timeScale.toFixed(0)}); webhook active ${webhook.active}, failures ${webhook.failureCount}`,
		);
		expect(hits).toHaveLength(attempts);
		expect(gaps).toHaveLength(expected.length);
		gaps.forEach((gap, i) => {
			expect(gap).toBeGreaterThanOrEqual(expected[i] ?? Infinity);
			expect(gap).toBeLessThan((expected[i] ?? 0) + SLACK_MS);
		});
		// One event, one delivery: every attempt carries the same ids and verifies.
		expect(hits.every((h) => h.refusal === undefined)).toBe(true);
		expect(hits.every((h) => isOf(h, sent))).toBe(true);
		expect(new Set(hits.map((h) => h.eventId)).size).toBe(1);
		const deliveryIds = new Set(hits.map((h) => h.deliveryId));
		expect(deliveryIds.size).toBe(1);
		if (profile.envelope.deliveryId) expect(deliveryIds.has(null)).toBe(false);
		expect(await rig.stats()).toEqual({ failed: 1 });
		expect(webhook.failureCount).toBe(attempts);
		expect(webhook.active).toBe(threshold === null || attempts < threshold);
	});

	test('every 3xx is a failed attempt and is not followed; the next 2xx succeeds', async () => {
		const rig = await open(id, clockFor(policy, 500));
		// Stay under the auto-disable threshold, so only the redirect rule is at work.
		const failures = Math.min(attempts - 1, threshold === null ? Infinity : threshold - 1);
		const codes = Array.from({ length: failures }, (_, i) => REDIRECTS[i % REDIRECTS.length] ?? 0);
		rig.receiver.script = (index) => codes[index] ?? 200;
		await rig.emit();
		await rig.settle();
		const statuses = rig.receiver.hits.map((h) => h.status);
		const log = (await rig.log()).reverse();
		const webhook = await rig.webhook();
		console.log(
			`policies: ${id}: answered ${statuses.join(', ')} → logged ${log.map((a) => `${a.attempt}:${a.status}`).join(', ')}; ${rig.receiver.hits.filter((h) => h.path !== '/hook').length} requests followed a redirect`,
		);
		expect(statuses).toEqual([...codes, 200]);
		expect(log.map((a) => [a.attempt, a.responseCode, a.status])).toEqual(
			[...codes, 200].map((code, i) => [i + 1, code, code === 200 ? 'succeeded' : 'failed']),
		);
		expect(rig.receiver.hits.every((h) => h.path === '/hook')).toBe(true);
		expect(await rig.stats()).toEqual({ succeeded: 1 });
		expect(webhook).toMatchObject({ active: true, failureCount: 0 });
	});

	// 410 is the status the profiles assume (no persona's docs name one); 404 the nearest one
	// none lists. What each must do comes from the documented table either way.
	test.each([410, 404])(
		'a %i answer disables at once only where the policy says so',
		async (status) => {
			const disables = policy.disableOnStatus.includes(status);
			const timeScale = clockFor(policy, 300);
			const rig = await open(id, timeScale);
			rig.receiver.script = (index) => (index === 0 ? status : 200);
			const sent = await rig.emit();
			await rig.settle();
			const webhook = await rig.webhook();
			const statuses = rig.receiver.hits.map((h) => h.status);
			console.log(
				`policies: ${id}: ${status} (policy disables on ${policy.disableOnStatus.join(', ')}) → answered ${statuses.join(', ')}; webhook active ${webhook.active}, reason ${webhook.disabledReason}`,
			);
			if (!disables) {
				expect(statuses).toEqual([status, 200]);
				expect(webhook).toMatchObject({ active: true, disabledReason: null, failureCount: 0 });
				expect(await rig.stats()).toEqual({ succeeded: 1 });
				return;
			}
			expect(statuses).toEqual([status]);
			expect(webhook).toMatchObject({ active: false, disabledReason: 'gone' });
			expect(await rig.stats()).toEqual({ failed: 1 });
			// Nothing retried while it stays disabled, and new events are not fanned out to it.
			await sleep((policy.retryDelaysSeconds[0] ?? 0) * (1000 / timeScale) + 100);
			expect(rig.receiver.hits).toHaveLength(1);
			expect((await rig.emit()).deliveries).toEqual([]);
			await rig.reenable();
			expect(await rig.webhook()).toMatchObject({ active: true, disabledReason: null });
			const after = await rig.emit();
			expect(after.deliveries).toHaveLength(1);
			await rig.expectResumed([after]);
			// The event answered 410 is not sent again: the receiver said it was gone.
			expect(rig.receiver.delivered(sent)).toBe(false);
		},
	);

	if (threshold === null) {
		// The most any auto-disabling persona tolerates, plus one.
		const beyond =
			Math.max(...Object.values(DOCUMENTED_POLICIES).map((p) => p.autoDisableAfter ?? 0)) + 1;

		test(`no auto-disable: ${beyond} consecutive failures leave the webhook active`, async () => {
			const rig = await open(id, clockFor(policy, 300));
			rig.receiver.script = () => 500;
			// Each event adds its whole schedule of failed attempts; bounded in case none arrive.
			for (let i = 0; i < beyond && rig.receiver.hits.length < beyond; i++) {
				await rig.emit();
				await rig.settle();
			}
			const webhook = await rig.webhook();
			console.log(
				`policies: ${id}: ${rig.receiver.hits.length} consecutive failures → active ${webhook.active}, failures ${webhook.failureCount}`,
			);
			expect(rig.receiver.hits.length).toBeGreaterThanOrEqual(beyond);
			expect(webhook).toMatchObject({
				active: true,
				disabledReason: null,
				failureCount: rig.receiver.hits.length,
			});
			rig.receiver.script = () => 200;
			const after = await rig.emit();
			expect(after.deliveries).toHaveLength(1);
			await rig.expectResumed([after]);
		});
		return;
	}

	test(`auto-disable after exactly ${threshold} consecutive failures; a success resets the count; re-enabling resumes`, async () => {
		const timeScale = clockFor(policy, 300);
		const rig = await open(id, timeScale);
		let recovered = false;
		// threshold − 1 failures, one success (the count starts again), then failures only.
		rig.receiver.script = (index) => (recovered || index === threshold - 1 ? 200 : 500);
		const trace: Array<{ attempts: number; failures: number }> = [];
		let webhook = await rig.webhook();
		const sent: Emitted[] = [];
		// One event at a time, each until its attempts are used up or the webhook is disabled,
		// so every attempt is counted in order.
		while (webhook.active && sent.length <= 2 * threshold) {
			sent.push(await rig.emit());
			await rig.settle();
			webhook = await rig.webhook();
			trace.push({ attempts: rig.receiver.hits.length, failures: webhook.failureCount });
		}
		const statuses = rig.receiver.hits.map((h) => h.status);
		console.log(
			`policies: ${id}: ${sent.length} events, attempts:failure count after each ${trace.map((t) => `${t.attempts}:${t.failures}`).join(' ')} → active ${webhook.active}, reason ${webhook.disabledReason}`,
		);
		expect(statuses).toHaveLength(2 * threshold);
		expect(statuses.filter((s) => s === 200)).toHaveLength(1);
		expect(statuses[threshold - 1]).toBe(200);
		expect(trace).toContainEqual({ attempts: threshold, failures: 0 });
		expect(webhook).toMatchObject({
			active: false,
			disabledReason: 'auto',
			failureCount: threshold,
		});

		// The last event still had retries: it waits, held, while the webhook is disabled.
		const last = sent[sent.length - 1] as Emitted;
		const lastAttempts = rig.receiver.hits.filter((h) => isOf(h, last)).length;
		const held = lastAttempts < attempts;
		expect((await rig.stats()).pending ?? 0).toBe(held ? 1 : 0);
		const longest = Math.max(...policy.retryDelaysSeconds) * (1000 / timeScale);
		await sleep(longest + 100);
		expect(rig.receiver.hits).toHaveLength(2 * threshold);
		expect((await rig.emit()).deliveries).toEqual([]);

		recovered = true;
		await rig.reenable();
		const after = await rig.emit();
		expect(after.deliveries).toHaveLength(1);
		await rig.expectResumed([...(held ? [last] : []), after]);
		await rig.settle();
		expect(await rig.webhook()).toMatchObject({ active: true, failureCount: 0 });
		console.log(
			`policies: ${id}: re-enabled → ${held ? `held event ${last.eventId} and ` : ''}new event delivered; ${JSON.stringify(await rig.stats())}`,
		);
	});
});
