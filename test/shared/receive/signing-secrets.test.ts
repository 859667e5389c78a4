import { inspect } from 'node:util';
import { profiles, receive, signingSecrets, verifyDelivery, WebhookError } from '../../../shared';
import { secretsPreparer } from '../../../shared/receive/signing-secrets';
import { NOW_SECONDS, secretFor, signedDelivery } from '../../helpers/signed-delivery';

// Deliveries are signed by test/helpers/signed-delivery (node:crypto's createHmac, as the
// providers' docs describe), never by hookbridge's signer: prepared keys are checked against
// an independent HMAC, not against the product's own idea of one.

const NOW = NOW_SECONDS * 1000;
const providers = Object.keys(profiles);
const SW_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

function sampleBody(provider: string): string {
	const profile = profiles[provider];
	const body = profile?.events[0]?.sample ?? profile?.anyEventSample;
	if (!body) throw new Error(`no sample for ${provider}`);
	return JSON.stringify(body);
}

/** Another valid secret in the same form. */
function otherSecret(secret: string): string {
	if (!secret.startsWith('whsec_')) return `${secret}x`;
	return `whsec_${Buffer.from('another key, 24 bytes ok').toString('base64')}`;
}

function codeOf(run: () => unknown): string {
	try {
		run();
	} catch (error) {
		if (error instanceof WebhookError) return error.code;
		throw error;
	}
	return 'none';
}

describe.each(providers)('signingSecrets(%s)', (provider) => {
	const secret = secretFor(provider);
	const delivery = signedDelivery(provider, sampleBody(provider), secret);

	it('verifies a delivery signed with node:crypto, as the text secret does', async () => {
		const keys = signingSecrets(provider, secret);
		const event = await receive(provider, delivery, { secrets: keys, now: NOW, dedupe: false });
		expect(event.verified).toBe(true);
		expect(event.provider).toBe(provider);
	});

	it('refuses a delivery signed with another secret', () => {
		const other = signedDelivery(provider, sampleBody(provider), otherSecret(secret));
		const keys = signingSecrets(provider, secret);
		expect(codeOf(() => verifyDelivery(provider, other, { secrets: keys, now: NOW }))).toBe(
			'signature_mismatch',
		);
	});

	it('accepts during a rotation with the old secret first and an unset slot', () => {
		const keys = signingSecrets(provider, ['', otherSecret(secret), secret]);
		expect(verifyDelivery(provider, delivery, { secrets: keys, now: NOW }).verified).toBe(true);
	});
});

describe('signingSecrets refusals', () => {
	it.each(['whsec_', 'whsec_!!!!', 'whsec_====', 'whsec_a', 'whsec_ MfKQ9r8GKYqrTwjU'])(
		'a Standard Webhooks secret that cannot be a key (%s) is invalid_secret when prepared',
		(secret) => {
			expect(codeOf(() => signingSecrets('standard-webhooks', secret))).toBe('invalid_secret');
		},
	);

	it('no secret at all is missing_secret', () => {
		expect(codeOf(() => signingSecrets('velaflows', []))).toBe('missing_secret');
		expect(codeOf(() => signingSecrets('velaflows', ['', '']))).toBe('missing_secret');
	});

	it('keys prepared for one way of reading secrets are refused by another', () => {
		const keys = signingSecrets('velaflows', SW_SECRET);
		const delivery = signedDelivery(
			'standard-webhooks',
			sampleBody('standard-webhooks'),
			SW_SECRET,
		);
		const run = () => verifyDelivery('standard-webhooks', delivery, { secrets: keys, now: NOW });
		expect(codeOf(run)).toBe('invalid_secret');
	});

	it('a copy that is not the prepared object (a clone) is invalid_secret, not a TypeError', () => {
		const keys = structuredClone(signingSecrets('velaflows', secretFor('velaflows')));
		const delivery = signedDelivery('velaflows', sampleBody('velaflows'), secretFor('velaflows'));
		const run = () => verifyDelivery('velaflows', delivery, { secrets: keys as never, now: NOW });
		expect(codeOf(run)).toBe('invalid_secret');
	});

	it('shows no secret or key material when printed, logged or serialised', () => {
		const keys = signingSecrets('standard-webhooks', SW_SECRET);
		const printed = [inspect(keys, { showHidden: true, depth: 5 }), JSON.stringify(keys)];
		const keyBase64 = SW_SECRET.slice('whsec_'.length);
		const keyHex = Buffer.from(keyBase64, 'base64').toString('hex');
		for (const text of printed) {
			expect(text).not.toContain(keyBase64);
			expect(text).not.toContain(keyHex);
		}
	});
});

describe('secretsPreparer', () => {
	it('makes the keys again when the list changes in place, and not otherwise', () => {
		const secret = secretFor('velaflows');
		const delivery = signedDelivery('velaflows', sampleBody('velaflows'), secret);
		const list: string[] = [];
		const prepare = secretsPreparer('velaflows');
		expect(codeOf(() => prepare(list))).toBe('missing_secret');
		list.push(secret);
		const first = prepare(list);
		expect(prepare(list)).toBe(first);
		expect(verifyDelivery('velaflows', delivery, { secrets: first, now: NOW }).verified).toBe(true);
		list[0] = `${secret}rotated`;
		const rotated = prepare(list);
		expect(rotated).not.toBe(first);
		const run = () => verifyDelivery('velaflows', delivery, { secrets: rotated, now: NOW });
		expect(codeOf(run)).toBe('signature_mismatch');
	});
});
