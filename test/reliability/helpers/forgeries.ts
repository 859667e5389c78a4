import { profiles, type WebhookErrorCode } from '../../../shared';
import type { Profile } from '../../../shared/providers/profile';
import { secretFor, signedDelivery } from '../../helpers/signed-delivery';

/** Headers as sent on the wire: ordered pairs, so a name can appear twice. */
export type HeaderPairs = [string, string][];

export interface Forgery {
	/** What is wrong with it: exactly one thing. */
	kind: string;
	headers: HeaderPairs;
	body: Buffer;
	/** The refusal codes that are right for this forgery. */
	expected: readonly WebhookErrorCode[];
	/** Larger than an HTTP server's header limit (Node: 16 KiB): refused before any code runs. */
	oversizeHeaders?: boolean;
}

export interface Valid {
	headers: HeaderPairs;
	body: Buffer;
}

/** Deterministic PRNG (mulberry32): a failing run can be replayed from its seed. */
export function prng(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const SIGNATURE_CODES = ['malformed_signature', 'signature_mismatch'] as const;
const TIMESTAMP_CODES = ['missing_timestamp', 'malformed_timestamp', 'timestamp_too_old'] as const;

/**
 * Generates deliveries for one provider with one thing wrong each, from its catalog samples signed
 * as its docs say (test/helpers/signed-delivery.ts, node:crypto only). Every kind is chosen in
 * turn; header names are presented in a random case (the Zapier path turns them into its `Http-` form).
 */
export class ForgeryGenerator {
	readonly profile: Profile;
	readonly secret: string;
	private readonly bodies: Buffer[];
	private readonly random: () => number;
	private readonly kinds: string[];
	private turn = 0;

	constructor(
		readonly provider: string,
		seed: number,
		private readonly nowSeconds: () => number,
		/**
		 * The path joins a repeated header into one value with ", " (Zapier). For a scheme whose
		 * header is a signature list (Standard Webhooks), a repeated header that holds a valid
		 * signature then is a list with a matching entry, which the spec, its reference library
		 * and svix accept (and Stripe's libraries a joined `t=…,v1=…` header): not a forgery on
		 * that path, so that kind is not generated there.
		 */
		joinsRepeats = false,
	) {
		const profile = profiles[provider];
		if (!profile) throw new Error(`no profile ${provider}`);
		this.profile = profile;
		this.secret = secretFor(provider);
		this.random = prng(seed);
		const samples = profile.events.map((event) => event.sample);
		if (samples.length === 0 && profile.anyEventSample) samples.push(profile.anyEventSample);
		// Compact JSON: a changed byte can never leave InboundFlow's re-serialised form the same.
		this.bodies = samples.map((sample) => Buffer.from(JSON.stringify(sample)));
		const timestamped = Boolean(profile.signature.timestampHeader);
		this.kinds = [
			'body byte',
			'signature byte',
			'wrong secret',
			'wrong prefix',
			'truncated signature',
			...(joinsRepeats && profile.signature.format !== 'value' ? [] : ['signature header twice']),
			'missing signature',
			'huge signature header',
			'oversize signature header',
			'empty body',
			...(timestamped
				? ['stale timestamp', 'future timestamp', 're-dated', 'timestamp twice', 'no timestamp']
				: []),
			...(signedHeaderOf(profile) ? ['message id changed'] : []),
		];
	}

	/** A validly signed delivery, for the control group (must be accepted). */
	valid(): Valid {
		const body = this.pick(this.bodies);
		return { body, headers: this.present(this.sign(body, this.secret)) };
	}

	next(): Forgery {
		const kind = this.kinds[this.turn++ % this.kinds.length] ?? 'body byte';
		const body = this.pick(this.bodies);
		const forgery = this.make(kind, body);
		return { ...forgery, kind, headers: this.present(forgery.headers) };
	}

	private make(kind: string, body: Buffer): Omit<Forgery, 'kind'> {
		const signed = this.sign(body, this.secret);
		const sig = this.profile.signature.header;
		const sigValue = signed.find(([name]) => name === sig)?.[1] ?? '';
		const replace = (name: string, value: string): HeaderPairs =>
			signed.map(([n, v]) => [n, n === name ? value : v]);
		const without = (name: string): HeaderPairs => signed.filter(([n]) => n !== name);
		switch (kind) {
			case 'body byte': {
				const copy = Buffer.from(body);
				const at = this.int(copy.length);
				copy[at] = (copy[at] ?? 0) ^ (1 + this.int(255));
				return { body: copy, headers: signed, expected: ['signature_mismatch'] };
			}
			case 'signature byte': {
				const at =
					this.profile.signature.prefix.length + this.int(sigValue.length - this.prefixLength());
				const chars = '0123456789abcdefABCDEF+/=xyz ,.';
				let replacement = sigValue[at] ?? 'x';
				while (replacement === sigValue[at]) replacement = chars[this.int(chars.length)] ?? 'x';
				const value = sigValue.slice(0, at) + replacement + sigValue.slice(at + 1);
				// A changed byte in Stripe's `t=` field is a changed (signed) timestamp.
				const expected = this.profile.signature.timestampField
					? [...SIGNATURE_CODES, ...TIMESTAMP_CODES]
					: SIGNATURE_CODES;
				return { body, headers: replace(sig, value), expected };
			}
			case 'wrong secret':
				return {
					body,
					headers: this.sign(body, secretFor(this.provider, 'b')),
					expected: ['signature_mismatch'],
				};
			case 'wrong prefix': {
				// In a `k=v` header (Stripe) the signature's "prefix" is its field name: rename it.
				const field = this.profile.signature.field;
				if (this.profile.signature.format === 'fields' && field) {
					const other = this.pick(['v0', 'v2', 'V1', 'sig', 'v1 ']);
					const value = sigValue.replace(`,${field}=`, `,${other}=`);
					return { body, headers: replace(sig, value), expected: ['malformed_signature'] };
				}
				const digest = sigValue.slice(this.prefixLength());
				const prefixes = this.profile.signature.prefix
					? ['', 'sha1=', 'SHA256=', 'sha256:', 'v2,', 'v1=', 'sha512=']
					: ['sha256=', 'v1,', 'SHA256='];
				const prefix = this.pick(prefixes.filter((p) => p !== this.profile.signature.prefix));
				return { body, headers: replace(sig, prefix + digest), expected: ['malformed_signature'] };
			}
			case 'truncated signature': {
				const value = sigValue.slice(0, this.int(sigValue.length));
				return {
					body,
					headers: replace(sig, value),
					expected: value.trim() === '' ? ['missing_signature'] : ['malformed_signature'],
				};
			}
			case 'signature header twice': {
				// Once valid and once not, or twice the same: ambiguous either way, refused.
				const wrong = this.sign(body, secretFor(this.provider, 'b'));
				const second = this.random() < 0.5 ? sigValue : (wrong.find(([n]) => n === sig)?.[1] ?? '');
				const pairs: HeaderPairs =
					this.random() < 0.5 ? [...signed, [sig, second]] : [[sig, second], ...signed];
				return { body, headers: pairs, expected: ['malformed_signature'] };
			}
			case 'missing signature':
				return { body, headers: without(sig), expected: ['missing_signature'] };
			case 'huge signature header':
				// 12 KiB: under Node's header limit, so it reaches the verifier.
				return {
					body,
					headers: replace(sig, sigValue + 'a'.repeat(12 * 1024)),
					expected: ['malformed_signature'],
				};
			case 'oversize signature header':
				return {
					body,
					headers: replace(sig, sigValue + 'a'.repeat(20 * 1024)),
					expected: ['malformed_signature'],
					oversizeHeaders: true,
				};
			case 'empty body':
				return { body: Buffer.alloc(0), headers: signed, expected: ['signature_mismatch'] };
			case 'stale timestamp':
			case 'future timestamp': {
				// At least 400 s off: a few seconds of queueing cannot bring it inside the 300 s.
				const skew = 400 + this.int(10_000_000);
				const at = this.nowSeconds() + (kind === 'stale timestamp' ? -skew : skew);
				return {
					body,
					headers: this.sign(body, this.secret, at),
					expected: [kind === 'stale timestamp' ? 'timestamp_too_old' : 'timestamp_too_new'],
				};
			}
			case 're-dated': {
				// Signed at one time, sent with another inside the tolerance: the timestamp is signed.
				const header = this.profile.signature.timestampHeader ?? '';
				const signedAt = Number(signed.find(([n]) => n === header)?.[1]);
				const moved = String(signedAt - 1 - this.int(200));
				return { body, headers: replace(header, moved), expected: ['signature_mismatch'] };
			}
			case 'timestamp twice': {
				const header = this.profile.signature.timestampHeader ?? '';
				const value = signed.find(([n]) => n === header)?.[1] ?? '';
				return { body, headers: [...signed, [header, value]], expected: ['malformed_timestamp'] };
			}
			case 'no timestamp':
				return {
					body,
					headers: without(this.profile.signature.timestampHeader ?? ''),
					expected: ['missing_timestamp'],
				};
			case 'message id changed': {
				const header = signedHeaderOf(this.profile) ?? '';
				return {
					body,
					headers: replace(header, `msg_${this.int(1e9)}`),
					expected: ['signature_mismatch'],
				};
			}
			default:
				throw new Error(`no forgery kind ${kind}`);
		}
	}

	private sign(body: Buffer, secret: string, timestamp = this.nowSeconds()): HeaderPairs {
		const delivery = signedDelivery(this.provider, body, secret, {
			timestamp,
			messageId: `msg_${this.int(1e9)}`,
		});
		return Object.entries(delivery.headers);
	}

	/** Header names in a random case: lower, UPPER, Camel-Case; Zapier's `Http-` form for Zapier. */
	private present(headers: HeaderPairs): HeaderPairs {
		return headers.map(([name, value]) => {
			const camel = name.replace(
				/(^|-)([a-z])/g,
				(_, dash: string, c: string) => dash + c.toUpperCase(),
			);
			const form = this.int(3);
			return [form === 0 ? name : form === 1 ? name.toUpperCase() : camel, value];
		});
	}

	private prefixLength(): number {
		return this.profile.signature.prefix.length;
	}

	private int(below: number): number {
		return Math.floor(this.random() * Math.max(below, 1));
	}

	private pick<T>(items: readonly T[]): T {
		const item = items[this.int(items.length)];
		if (item === undefined) throw new Error('pick from an empty list');
		return item;
	}
}

/** The header a scheme signs besides its timestamp (Standard Webhooks' `webhook-id`), if any. */
function signedHeaderOf(profile: Profile): string | undefined {
	const part = profile.signature.content.find((p) => p.part === 'header');
	return part?.part === 'header' ? part.name : undefined;
}
