import fc from 'fast-check';
import { profiles, verifyDelivery, WebhookError } from '../../../shared';
import { NOW_SECONDS, secretFor, signedDelivery } from '../../helpers/signed-delivery';

// Property: a valid delivery with exactly one byte changed (in the body, the signature or the
// signed timestamp) is never accepted. The only mutations excluded are those that leave the
// JSON identical after JSON.stringify(JSON.parse(...)) for InboundFlow, whose docs sign that
// re-serialised form: there nothing an attacker could change has changed; they are counted.

const RUNS = 10_000;
const NOW = NOW_SECONDS * 1000;

interface Case {
	provider: string;
	body: string;
	headers: Record<string, string>;
}

const cases: Case[] = Object.values(profiles).flatMap((profile) => {
	const secret = secretFor(profile.id);
	const bodies = profile.events.map((e) => e.sample);
	if (profile.anyEventSample) bodies.push(profile.anyEventSample);
	return bodies.flatMap((sample) =>
		[JSON.stringify(sample), JSON.stringify(sample, null, 2)].map((body) => ({
			provider: profile.id,
			body,
			headers: signedDelivery(profile.id, body, secret).headers,
		})),
	);
});

/** XOR with a non-zero delta: the byte always changes, so every run is a real mutation. */
function mutateByte(bytes: Buffer, index: number, delta: number): Buffer {
	const copy = Buffer.from(bytes);
	const at = index % copy.length;
	copy[at] = (copy[at] ?? 0) ^ delta;
	return copy;
}

function sameJson(a: Buffer, b: Buffer): boolean {
	try {
		return (
			JSON.stringify(JSON.parse(a.toString('utf8'))) ===
			JSON.stringify(JSON.parse(b.toString('utf8')))
		);
	} catch {
		return false;
	}
}

test(`no single-byte mutation of ${RUNS} valid deliveries is accepted`, () => {
	const tally = {
		runs: 0,
		rejected: 0,
		accepted: 0,
		equivalentJson: 0,
		byCode: {} as Record<string, number>,
	};
	fc.assert(
		fc.property(
			fc.nat(cases.length - 1),
			fc.constantFrom('body', 'signature', 'timestamp'),
			fc.nat(),
			fc.integer({ min: 1, max: 255 }),
			(caseIndex, target, position, delta) => {
				const item = cases[caseIndex] as Case;
				const profile = profiles[item.provider];
				if (!profile) throw new Error('profile missing');
				const original = Buffer.from(item.body, 'utf8');
				let body: Buffer = original;
				const headers = { ...item.headers };
				const headerName =
					target === 'timestamp' && profile.signature.timestampHeader
						? profile.signature.timestampHeader
						: profile.signature.header;
				if (target === 'body') {
					body = mutateByte(original, position, delta);
				} else {
					const value = Buffer.from(headers[headerName] ?? '', 'latin1');
					headers[headerName] = mutateByte(value, position, delta).toString('latin1');
				}
				tally.runs += 1;
				if (
					target === 'body' &&
					profile.signature.compactJsonFallback &&
					sameJson(body, original)
				) {
					tally.equivalentJson += 1;
					return;
				}
				try {
					verifyDelivery(profile, { headers, body }, { secrets: secretFor(profile.id), now: NOW });
					tally.accepted += 1;
					throw new Error(
						`accepted a forgery: ${item.provider} ${target} byte ${position} ^ ${delta}`,
					);
				} catch (error) {
					if (!(error instanceof WebhookError)) throw error;
					tally.rejected += 1;
					tally.byCode[error.code] = (tally.byCode[error.code] ?? 0) + 1;
				}
			},
		),
		{ numRuns: RUNS },
	);
	console.log(`fuzz: ${JSON.stringify(tally)}`);
	expect(tally.accepted).toBe(0);
	expect(tally.runs).toBe(RUNS);
	expect(tally.rejected + tally.equivalentJson).toBe(tally.runs);
});
