import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Profile } from '@hookbridge/core';
import { startProvider, type RunningProvider } from '../../provider/start-provider';
import { startListener, type ListenOutcome, type RunningListener } from '../listen/listener';
import { connectProvider } from './connect-provider';
import { gatewayChapter } from './gateway-chapter';
import { waitUntil } from './wait-until';

export interface DemoRow {
	provider: string;
	sent: number;
	received: number;
	verified: number;
	duplicatesDropped: number;
	retried: number;
	catalog: number;
	typesExercised: number;
}

interface Lane {
	profile: Profile;
	listener: RunningListener;
	secrets: string[];
	accepted: Map<string, string>;
	verified: Set<string>;
	duplicates: number;
	sent: number;
	/** Demo hooks for the failure story. */
	down: number;
	loseNextAnswer: boolean;
	connection: Awaited<ReturnType<typeof connectProvider>>;
}

const TIME_SCALE = 1000;

/**
 * Every provider the reference provider impersonates that has a catalog to emit and a way in
 * (its API served, or a dashboard): derived from the profiles, in their order.
 */
function demoProfiles(provider: RunningProvider): Profile[] {
	return provider.context.profiles
		.all()
		.filter((profile) => profile.events.length > 0 && provider.personas[profile.id]);
}

/** The gateway chapter's persona: the first dashboard provider that auto-disables webhooks. */
function autoDisabling(profiles: readonly Profile[]): Profile {
	const found = profiles.find((p) => !p.api && p.delivery.autoDisableAfter !== null);
	if (!found) throw new Error('demo: no dashboard provider with an auto-disable policy');
	return found;
}

/**
 * The whole path on this machine: a reference provider, one account and one local receiver
 * per provider, every catalogued event emitted, each delivery verified with receive(), and one
 * failure story (receiver down → retry; answer lost → duplicate recognised), then the same
 * destination outage through `listen --forward` and through the gateway.
 */
export async function runDemo(
	say: (line: string) => void,
	options: { dataFile?: string; relaySecret: string },
): Promise<{ rows: DemoRow[]; ok: boolean }> {
	// A temporary database unless the user asked to keep one to inspect afterwards.
	const dir = options.dataFile ? undefined : mkdtempSync(join(tmpdir(), 'hookbridge-demo-'));
	const dataFile = options.dataFile ?? join(dir ?? '', 'provider.sqlite');
	say(`· starting the reference provider (SQLite in ${dataFile}, clock ×${TIME_SCALE})`);
	const provider = await startProvider({
		port: 0,
		dataFile,
		allowLoopback: true,
		timeScale: TIME_SCALE,
	});
	const lanes: Lane[] = [];
	try {
		for (const profile of demoProfiles(provider))
			lanes.push(await openLane(provider, profile, say));
		for (const lane of lanes) {
			lane.sent += await lane.connection.emitCatalog();
			say(`· ${lane.profile.name}: emitted ${lane.sent} events, one of each catalogued type`);
		}
		await waitFor(() => lanes.every((l) => l.accepted.size >= l.sent), 30_000);
		say(
			`· every delivery arrived: ${lanes.reduce((n, l) => n + l.accepted.size, 0)} events verified and normalised`,
		);
		const storyOk = await failureStory(lanes[0] as Lane, provider, say);
		// Receivers answer before the provider commits each attempt: let the outbox settle.
		await waitFor(() => {
			const states = lanes.map((l) => provider.context.outbox.states(l.profile.id));
			return states.every((s) => !s.pending && !s.inflight);
		}, 15_000);
		const rows = await Promise.all(lanes.map((lane) => row(lane, provider)));
		// Only now: the chapter leaves deliveries queued on a disabled webhook, on purpose.
		const chapter = { timeScale: TIME_SCALE, relaySecret: options.relaySecret };
		const persona = autoDisabling(lanes.map((lane) => lane.profile));
		const chapterOk = await gatewayChapter(provider, persona, chapter, say);
		const ok =
			storyOk &&
			chapterOk &&
			rows.every(
				(r) => r.received === r.sent && r.verified === r.sent && r.typesExercised === r.catalog,
			);
		return { rows, ok };
	} finally {
		await Promise.all(lanes.map((l) => l.listener.close()));
		await provider.close();
		if (dir) rmSync(dir, { recursive: true, force: true });
	}
}

async function openLane(
	provider: RunningProvider,
	profile: Profile,
	say: (line: string) => void,
): Promise<Lane> {
	const lane = {
		profile,
		secrets: [] as string[],
		accepted: new Map(),
		verified: new Set(),
		duplicates: 0,
		sent: 0,
		down: 0,
		loseNextAnswer: false,
	} as unknown as Lane;
	lane.listener = await startListener(
		{
			profile,
			secrets: lane.secrets,
			onOutcome: (outcome: ListenOutcome) => {
				if (outcome.kind === 'duplicate') lane.duplicates += 1;
				// Processed counts even when its answer is then lost (the failure story's second half).
				if (outcome.kind !== 'accepted' || (outcome.forward && !outcome.forward.ok)) return;
				lane.accepted.set(outcome.event.id, outcome.event.type);
				if (outcome.event.verified && outcome.event.validation.ok)
					lane.verified.add(outcome.event.id);
			},
			down: () => (lane.down > 0 ? (lane.down--, 503) : undefined),
			answerAfter: () => (lane.loseNextAnswer ? ((lane.loseNextAnswer = false), 500) : undefined),
		},
		0,
		'127.0.0.1',
	);
	lane.connection = await connectProvider(provider, profile, `${lane.listener.url}/`);
	lane.secrets.push(lane.connection.secret);
	say(
		`· ${profile.name}: account ${lane.connection.accountId}, ${lane.connection.how}; receiver on ${lane.listener.url}`,
	);
	return lane;
}

async function failureStory(
	lane: Lane,
	provider: RunningProvider,
	say: (line: string) => void,
): Promise<boolean> {
	const name = lane.profile.name;
	const delay = (lane.profile.delivery.retryDelaysSeconds[0] ?? 0) * 1000;
	say(`\nFailure story (${name}):`);
	lane.down = 1;
	const first = await lane.connection.emit('crm.lead.created');
	lane.sent += 1;
	say(`  · the receiver is down (503) when crm.lead.created ${first} is delivered`);
	say(`  · ${name} retries after ${delay / TIME_SCALE} ms (${delay / 1000} s at real speed)…`);
	await waitFor(() => lane.accepted.has(first), 15_000);
	say('  · the receiver is back: the event arrives on the retry ✔');
	lane.loseNextAnswer = true;
	const second = await lane.connection.emit('inbox.message.received');
	lane.sent += 1;
	say(
		`  · the receiver processes inbox.message.received ${second}, but its 200 is lost; ${name} retries`,
	);
	const before = lane.duplicates;
	await waitFor(() => lane.duplicates > before, 15_000);
	say('  · the retry is recognised as a duplicate: answered 200, not processed twice ✔\n');
	return lane.accepted.has(first) && lane.accepted.has(second) && lane.duplicates === before + 1;
}

async function row(lane: Lane, provider: RunningProvider): Promise<DemoRow> {
	const log = provider.context.outbox.log(lane.profile.id, lane.connection.accountId, 10_000);
	return {
		provider: lane.profile.id,
		sent: lane.sent,
		received: lane.accepted.size,
		verified: lane.verified.size,
		duplicatesDropped: lane.duplicates,
		retried: log.filter((entry) => entry.attempt > 1).length,
		catalog: lane.profile.events.length,
		typesExercised: new Set(lane.accepted.values()).size,
	};
}

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
	if (!(await waitUntil(predicate, timeoutMs, 25)))
		throw new Error(`the demo waited ${timeoutMs / 1000} s for deliveries that did not come`);
}
