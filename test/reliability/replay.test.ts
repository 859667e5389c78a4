import { MemoryDedupeStore, profiles } from '../../shared';
import { NOW_SECONDS, secretFor, signedDelivery, signsUrl } from '../helpers/signed-delivery';
import type { HeaderPairs } from './helpers/forgeries';
import {
	n8nPath,
	receivePath,
	startListenPath,
	zapierPath,
	type Delivery,
	type Outcome,
	type Send,
} from './helpers/paths';
import { recordSummary } from './helpers/summary';

// Replay and rotation: a valid delivery sent twice is processed once (the second is marked a
// duplicate) on every way in; signed timestamps outside the tolerance are refused both ways, at
// the exact boundary; during a secret rotation old and new secrets are both accepted, and after
// it the old one is refused.

// URL-signing profiles (Twilio) are covered by their own SDK-signed suite.
const PROVIDERS = Object.values(profiles)
	.filter((profile) => !signsUrl(profile))
	.map((profile) => profile.id);
const TIMESTAMPED = PROVIDERS.filter((p) => profiles[p]?.signature.timestampHeader);
const nowSeconds = () => Math.floor(Date.now() / 1000);
let tried = 0;
let acceptedForgeries = 0;

afterAll(() =>
	recordSummary({
		suite: 'replay, timestamp tolerance, secret rotation',
		tried,
		acceptedForgeries,
		note: 'repeats marked duplicate on 4 ways in; ±300 s boundary; old secret refused after rotation',
	}),
);

function delivery(provider: string, secret: string, timestamp: number, n = 1): Delivery {
	const profile = profiles[provider];
	const sample = structuredClone(profile?.events[0]?.sample ?? profile?.anyEventSample ?? {});
	// Its own event id wherever the provider keeps it, so only true repeats are duplicates.
	for (const locator of profile?.envelope.id ?? []) {
		if (!('body' in locator)) continue;
		const keys = locator.body.split('.');
		let at: Record<string, unknown> = sample;
		for (const key of keys.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
		at[keys[keys.length - 1] ?? 'id'] = `evt_replay_${n}`;
	}
	const body = Buffer.from(JSON.stringify(sample));
	const signed = signedDelivery(provider, body, secret, {
		timestamp,
		messageId: `msg_replay_${n}`,
	});
	// Providers that send the event id in a header (GitHub's X-GitHub-Delivery) get it there.
	const headers = { ...signed.headers };
	for (const locator of profile?.envelope.id ?? []) {
		if ('header' in locator) headers[locator.header] ??= `evt_replay_${n}`;
	}
	return { body, headers: Object.entries(headers) as HeaderPairs };
}

async function sendCounted(send: Send, d: Delivery, forged = false): Promise<Outcome> {
	tried++;
	const outcome = await send(d);
	if (forged && (outcome.accepted || outcome.duplicate)) acceptedForgeries++;
	return outcome;
}

describe.each(PROVIDERS)('replay for %s', (provider) => {
	const secret = secretFor(provider);

	test('the same delivery twice: processed once on every way in', async () => {
		const listen = await startListenPath(provider, [secret]);
		try {
			const ways: [string, Send][] = [
				['receive()', receivePath(provider, { secrets: secret, dedupe: new MemoryDedupeStore() })],
				['hookbridge listen', listen.send],
				['Zapier perform', zapierPath(provider, secret)],
				['n8n webhook()', n8nPath(provider, secret)],
			];
			for (const [way, send] of ways) {
				const d = delivery(provider, secret, nowSeconds(), 7);
				const first = await sendCounted(send, d);
				const second = await sendCounted(send, d);
				console.log(
					`${way} ${provider}: first ${first.accepted ? 'accepted' : first.code}, second ${second.duplicate ? 'duplicate' : (second.code ?? 'accepted')}`,
				);
				expect([way, first.accepted]).toEqual([way, true]);
				expect([way, second.accepted, second.duplicate]).toEqual([way, false, true]);
			}
		} finally {
			expect(await listen.stop()).toBe(0);
		}
	});

	test('rotation: old and new secrets both accepted during it, old refused after', async () => {
		const oldSecret = secretFor(provider, 'o');
		const newSecret = secretFor(provider, 'n');
		const profile = profiles[provider];
		const during: [string, Send][] = [
			['receive()', receivePath(provider, { secrets: [newSecret, oldSecret], dedupe: false })],
		];
		const after: [string, Send][] = [
			['receive()', receivePath(provider, { secrets: [newSecret], dedupe: false })],
		];
		// Connection-level secrets rotate with a "previous secret" field; REST-hook
		// subscriptions each have one secret and rotate by re-subscribing.
		if (!profile?.api) {
			during.push(['Zapier perform', zapierPath(provider, newSecret, oldSecret)]);
			during.push(['n8n webhook()', n8nPath(provider, newSecret, oldSecret)]);
			after.push(['Zapier perform', zapierPath(provider, newSecret)]);
			after.push(['n8n webhook()', n8nPath(provider, newSecret)]);
		}
		const listenDuring = await startListenPath(provider, [newSecret, oldSecret]);
		const listenAfter = await startListenPath(provider, [newSecret]);
		during.push(['hookbridge listen', listenDuring.send]);
		after.push(['hookbridge listen', listenAfter.send]);
		try {
			let n = 100;
			for (const [way, send] of during) {
				for (const s of [oldSecret, newSecret]) {
					const outcome = await sendCounted(send, delivery(provider, s, nowSeconds(), n++));
					expect([way, s === oldSecret ? 'old' : 'new', outcome.accepted]).toEqual([
						way,
						s === oldSecret ? 'old' : 'new',
						true,
					]);
				}
			}
			for (const [way, send] of after) {
				const old = await sendCounted(send, delivery(provider, oldSecret, nowSeconds(), n++), true);
				const fresh = await sendCounted(send, delivery(provider, newSecret, nowSeconds(), n++));
				console.log(
					`${way} ${provider} after rotation: old ${old.code}, new ${fresh.accepted ? 'accepted' : fresh.code}`,
				);
				expect([way, old.code]).toEqual([way, 'signature_mismatch']);
				expect([way, fresh.accepted]).toEqual([way, true]);
			}
		} finally {
			expect(await listenDuring.stop()).toBe(0);
			expect(await listenAfter.stop()).toBe(0);
		}
	});
});

describe.each(TIMESTAMPED)('timestamp tolerance for %s', (provider) => {
	const secret = secretFor(provider);

	test('receive(): exactly 300 s either way accepted, 301 s refused both ways', async () => {
		const send = receivePath(provider, { secrets: secret, now: NOW_SECONDS * 1000, dedupe: false });
		const cases: [number, string][] = [
			[-300, 'accepted'],
			[-301, 'timestamp_too_old'],
			[300, 'accepted'],
			[301, 'timestamp_too_new'],
			[-86_400 * 365, 'timestamp_too_old'],
			[86_400 * 365, 'timestamp_too_new'],
		];
		for (const [skew, expected] of cases) {
			const outcome = await sendCounted(
				send,
				delivery(provider, secret, NOW_SECONDS + skew, 200 + skew),
				expected !== 'accepted',
			);
			expect([skew, outcome.accepted ? 'accepted' : outcome.code]).toEqual([skew, expected]);
		}
	});

	test('every adapter refuses replays from outside the window, both ways', async () => {
		const listen = await startListenPath(provider, [secret]);
		try {
			const ways: [string, Send][] = [
				['hookbridge listen', listen.send],
				['Zapier perform', zapierPath(provider, secret)],
				['n8n webhook()', n8nPath(provider, secret)],
			];
			for (const [way, send] of ways) {
				// A minute of margin each side of the boundary: these use the real clock.
				for (const [skew, expected] of [
					[-240, 'accepted'],
					[-360, 'timestamp_too_old'],
					[240, 'accepted'],
					[360, 'timestamp_too_new'],
				] as const) {
					const outcome = await sendCounted(
						send,
						delivery(provider, secret, nowSeconds() + skew, 300 + skew),
						expected !== 'accepted',
					);
					expect([way, skew, outcome.accepted ? 'accepted' : outcome.code]).toEqual([
						way,
						skew,
						expected,
					]);
				}
			}
		} finally {
			expect(await listen.stop()).toBe(0);
		}
	});
});
