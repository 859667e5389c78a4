import { createHmac, randomBytes } from 'node:crypto';
import { isValidSlackRequest } from '@slack/bolt';
import { Webhook } from 'svix';
import twilioSdk from 'twilio';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import {
	loadProfile,
	MemoryDedupeStore,
	receive,
	verifyDelivery,
	WebhookError,
	type Profile,
	type ProfileFileInput,
	type ReceiveOptions,
} from '../../../shared';
import { slack, slackFile } from '../../../shared/providers/slack';
import { svix, svixFile } from '../../../shared/providers/svix';
import { twilio, twilioFile } from '../../../shared/providers/twilio';
import type { Delivery } from '../../../shared/receive/types';

// Each provider's own library is the oracle: twilio signs and validates, @slack/bolt and svix
// validate (svix signs too). Slack ships no signer, so node:crypto signs as Slack's docs say.
// hookbridge's own signer is never used. The clock is pinned for hookbridge and the libraries.

const NOW_SECONDS = 1_771_966_800; // 2026-02-24T21:00:00Z
const NOW = NOW_SECONDS * 1000;
const TOO_LATE = 301;

function errorOf(profile: Profile, delivery: Delivery, options: ReceiveOptions): WebhookError {
	try {
		verifyDelivery(profile, delivery, { now: NOW, ...options });
	} catch (error) {
		if (error instanceof WebhookError) return error;
		throw error;
	}
	throw new Error('the delivery was accepted');
}

const codeOf = (profile: Profile, delivery: Delivery, options: ReceiveOptions) =>
	errorOf(profile, delivery, options).code;

/** A sample as its profile's bodies are written: a form of strings or JSON. */
function bodyOf(profile: Profile, sample: Record<string, unknown>): string {
	if (profile.bodyFormat === 'form') return formOf(sample as Record<string, string>);
	return JSON.stringify(sample);
}

const formOf = (params: Record<string, string>) => new URLSearchParams(params).toString();

const TWILIO_URL = 'https://hooks.example.com/twilio/sms?tenant=acme';
const built: [string, ProfileFileInput, Profile][] = [
	['slack', slackFile, slack],
	['twilio', twilioFile, twilio],
	['svix', svixFile, svix],
];

describe.each(built)('the %s profile', (id, file, profile) => {
	test('loads from its data, also after a JSON and a YAML round trip of it', () => {
		expect(profile.id).toBe(id);
		expect(JSON.parse(JSON.stringify(file))).toStrictEqual(file);
		expect(parseYaml(toYaml(file))).toStrictEqual(file);
		expect(loadProfile(parseYaml(toYaml(file))).signature).toEqual(profile.signature);
	});

	test('is manual mode, says where to paste the URL, and keeps its catalog and schemas open', () => {
		expect(profile.api).toBeUndefined();
		expect(profile.manualSetup).toMatch(/URL/);
		expect(profile.openCatalog).toBe(true);
		expect(JSON.stringify(file)).not.toContain('additionalProperties');
	});

	const samples: [string, Record<string, unknown>, boolean][] = profile.events.map((event) => [
		event.type,
		event.sample,
		true,
	]);
	if (profile.anyEventSample) samples.push(['(any event)', profile.anyEventSample, false]);

	test.each(samples)('the %s sample validates after envelope extraction', (type, sample, known) => {
		const delivery = { headers: {}, body: bodyOf(profile, sample), url: TWILIO_URL };
		const event = verifyDelivery(profile, delivery, { skipVerification: true, now: NOW });
		expect(event.validation).toEqual({ ok: true, issues: [] });
		expect(event.known).toBe(known);
		if (known) expect(event.type).toBe(type);
	});
});

describe('slack: signed as Slack documents it, checked by @slack/bolt', () => {
	const secret = randomBytes(16).toString('hex');
	const body = JSON.stringify(slack.events[0]?.sample);

	const sign = (key: string, ts: number, text: string) =>
		`v0=${createHmac('sha256', key).update(`v0:${ts}:${text}`).digest('hex')}`;

	function delivery(text: string, ts: number, key = secret): Delivery {
		const headers = {
			'x-slack-signature': sign(key, ts, text),
			'x-slack-request-timestamp': `${ts}`,
		};
		return { headers, body: text };
	}

	/** @slack/bolt's verdict on a delivery, at the pinned time unless told. */
	function boltAccepts(given: Delivery, nowMilliseconds = NOW, signingSecret = secret): boolean {
		const headers = given.headers as Record<string, string>;
		return isValidSlackRequest({
			signingSecret,
			body: given.body.toString(),
			headers: {
				'x-slack-signature': headers['x-slack-signature'] ?? '',
				'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']),
			},
			nowMilliseconds,
		});
	}

	const options = { secrets: secret, now: NOW };

	test("Slack's documented example passes bolt and hookbridge's signature check", () => {
		// The worked example of api.slack.com "Verifying requests from Slack", as Slack's own
		// python-slack-sdk tests it (tests/slack_sdk/signature/test_signature_verifier.py).
		const docSecret = '8f742231b10e8888abcd99yyyzzz85a5';
		const docBody =
			'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
		const headers = {
			'x-slack-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
			'x-slack-request-timestamp': '1531420618',
		};
		const docOptions = { secrets: docSecret, now: 1_531_420_618_000 };
		const vector = { headers, body: docBody };
		expect(boltAccepts(vector, 1_531_420_618_000, docSecret)).toBe(true);
		// A slash command is a form, which this Events API profile does not parse: reaching the
		// parse means the signature was accepted, as a changed body shows.
		expect(codeOf(slack, vector, docOptions)).toBe('invalid_json');
		expect(codeOf(slack, { headers, body: `${docBody}x` }, docOptions)).toBe('signature_mismatch');
	});

	test.each(slack.events.map((e) => [e.type, e.sample]))(
		'a signed %s event is accepted by bolt and by hookbridge',
		(type, sample) => {
			const signed = delivery(JSON.stringify(sample), NOW_SECONDS - 2);
			expect(boltAccepts(signed)).toBe(true);
			const event = verifyDelivery(slack, signed, options);
			expect(event).toMatchObject({ type, known: true, verified: true, accountId: 'T061EG9R6' });
			expect(event.id).toBe(sample.event_id);
			expect(event.data).toEqual(sample.event);
		},
	);

	test('the message event is normalised from the Events API wrapper', () => {
		const event = verifyDelivery(slack, delivery(body, NOW_SECONDS), options);
		expect(event.id).toBe('Ev0A1B2C3D4E');
		expect(event.occurredAt).toBe('2026-02-24T21:00:00.000Z');
		expect((event.data as { text: string }).text).toBe('Is the Thursday standup moved to 10?');
	});

	test('a delivery older than five minutes is refused by both with timestamp_too_old', () => {
		const stale = delivery(body, NOW_SECONDS - TOO_LATE);
		expect(boltAccepts(stale)).toBe(false);
		expect(codeOf(slack, stale, options)).toBe('timestamp_too_old');
	});

	test('a delivery dated more than five minutes ahead is refused (bolt checks only the past)', () => {
		const future = delivery(body, NOW_SECONDS + TOO_LATE);
		expect(boltAccepts(future)).toBe(true);
		expect(codeOf(slack, future, options)).toBe('timestamp_too_new');
	});

	test('a changed body is refused by both with signature_mismatch', () => {
		const signed = delivery(body, NOW_SECONDS);
		const changed = { ...signed, body: body.replace('standup', 'retro') };
		expect(boltAccepts(changed)).toBe(false);
		expect(codeOf(slack, changed, options)).toBe('signature_mismatch');
	});

	test('a delivery signed with another secret is refused with signature_mismatch', () => {
		const forged = delivery(body, NOW_SECONDS, randomBytes(16).toString('hex'));
		expect(boltAccepts(forged)).toBe(false);
		expect(codeOf(slack, forged, options)).toBe('signature_mismatch');
	});

	test('a delivery without x-slack-request-timestamp is refused with missing_timestamp', () => {
		const headers = { 'x-slack-signature': sign(secret, NOW_SECONDS, body) };
		expect(codeOf(slack, { headers, body }, options)).toBe('missing_timestamp');
	});

	test("Slack's retry (x-slack-retry-num) of an event is dropped as a duplicate", async () => {
		const dedupe = new MemoryDedupeStore();
		await receive(slack, delivery(body, NOW_SECONDS - 60), { ...options, dedupe });
		const retry = delivery(body, NOW_SECONDS);
		retry.headers = { ...(retry.headers as object), 'x-slack-retry-num': '1' };
		await expect(receive(slack, retry, { ...options, dedupe })).rejects.toMatchObject({
			code: 'duplicate',
		});
	});

	test('a url_verification handshake is verified and typed, but not answered', () => {
		const handshake = JSON.stringify({
			token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl',
			challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
			type: 'url_verification',
		});
		const event = verifyDelivery(slack, delivery(handshake, NOW_SECONDS), options);
		expect(event).toMatchObject({ type: 'url_verification', known: false, verified: true });
		expect(event.data).toEqual({
			challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
		});
	});
});

describe('twilio: signed and validated by the twilio library', () => {
	const authToken = randomBytes(16).toString('hex');
	const inbound = twilio.events[0]?.sample as Record<string, string>;
	const options = { secrets: authToken, now: NOW };
	const token = 'b8c7e0f4-5a1d-4f3e-9c2b-7d6a5e4f3c21';

	function formDelivery(body: string, signature: string, url?: string): Delivery {
		const headers = { 'x-twilio-signature': signature, 'i-twilio-idempotency-token': token };
		return url === undefined ? { headers, body } : { headers, body, url };
	}

	const signForm = (params: Record<string, string | string[]>, url = TWILIO_URL, key = authToken) =>
		twilioSdk.getExpectedTwilioSignature(key, url, params);

	test('an inbound message signed by twilio is accepted by twilio and hookbridge', () => {
		const signature = signForm(inbound);
		expect(twilioSdk.validateRequest(authToken, signature, TWILIO_URL, inbound)).toBe(true);
		const event = verifyDelivery(
			twilio,
			formDelivery(formOf(inbound), signature, TWILIO_URL),
			options,
		);
		expect(event).toMatchObject({
			id: token,
			type: 'received',
			accountId: 'AC82a4539a1c0b26da98d6330a5851dcc5',
			known: true,
			verified: true,
		});
		expect(event.data).toEqual(inbound);
	});

	test.each(twilio.events.map((e) => [e.type, e.sample as Record<string, string>]))(
		'a signed %s callback is accepted with its type',
		(type, sample) => {
			const signature = signForm(sample);
			expect(twilioSdk.validateRequest(authToken, signature, TWILIO_URL, sample)).toBe(true);
			const event = verifyDelivery(
				twilio,
				formDelivery(formOf(sample), signature, TWILIO_URL),
				options,
			);
			expect(event).toMatchObject({ type, known: true, validation: { ok: true } });
		},
	);

	test('without I-Twilio-Idempotency-Token the id comes from the body: one per status, stable on retries', () => {
		const deliver = (params: Record<string, string>) =>
			verifyDelivery(
				twilio,
				{
					headers: { 'x-twilio-signature': signForm(params) },
					body: formOf(params),
					url: TWILIO_URL,
				},
				options,
			).id;
		const sent = { ...inbound, SmsStatus: 'sent', MessageStatus: 'sent' };
		const delivered = { ...inbound, SmsStatus: 'delivered', MessageStatus: 'delivered' };
		expect(deliver(sent)).toBe(deliver(sent));
		expect(deliver(sent)).not.toBe(deliver(delivered));
		expect(deliver(sent)).not.toBe(inbound.MessageSid);
	});

	test('a repeated form name (two MediaUrl values) signed by twilio is accepted', () => {
		const media = ['https://api.twilio.com/media/ME1', 'https://api.twilio.com/media/ME0'];
		const params = { ...inbound, NumMedia: '2', MediaUrl: media };
		const form = new URLSearchParams({ ...inbound, NumMedia: '2' });
		for (const url of media) form.append('MediaUrl', url);
		const signature = signForm(params);
		expect(twilioSdk.validateRequest(authToken, signature, TWILIO_URL, params)).toBe(true);
		const event = verifyDelivery(
			twilio,
			formDelivery(form.toString(), signature, TWILIO_URL),
			options,
		);
		expect((event.data as { MediaUrl: string[] }).MediaUrl).toEqual(media);
	});

	describe('a JSON delivery, signed over the URL with its bodySHA256', () => {
		const body = JSON.stringify({ AccountSid: inbound.AccountSid, Status: 'completed' });
		const url = `https://hooks.example.com/twilio/json?bodySHA256=${twilioSdk.getExpectedBodyHash(body)}`;
		const signature = twilioSdk.getExpectedTwilioSignature(authToken, url, {});

		test('is accepted by twilio and hookbridge', () => {
			expect(twilioSdk.validateRequestWithBody(authToken, signature, url, body)).toBe(true);
			expect(verifyDelivery(twilio, formDelivery(body, signature, url), options).verified).toBe(
				true,
			);
		});

		test('is refused with signature_mismatch when its body changes under the same URL', () => {
			const changed = body.replace('completed', 'canceled');
			expect(twilioSdk.validateRequestWithBody(authToken, signature, url, changed)).toBe(false);
			expect(codeOf(twilio, formDelivery(changed, signature, url), options)).toBe(
				'signature_mismatch',
			);
		});
	});

	test('a changed form value is refused by both with signature_mismatch', () => {
		const signature = signForm(inbound);
		const changed = { ...inbound, Body: 'Cancel my order' };
		expect(twilioSdk.validateRequest(authToken, signature, TWILIO_URL, changed)).toBe(false);
		const forged = formDelivery(formOf(changed), signature, TWILIO_URL);
		expect(codeOf(twilio, forged, options)).toBe('signature_mismatch');
	});

	test('a delivery signed with another Auth Token is refused with signature_mismatch', () => {
		const signature = signForm(inbound, TWILIO_URL, randomBytes(16).toString('hex'));
		const forged = formDelivery(formOf(inbound), signature, TWILIO_URL);
		expect(codeOf(twilio, forged, options)).toBe('signature_mismatch');
	});

	test('a signature made for another path is refused with signature_mismatch', () => {
		const signature = signForm(inbound, 'https://hooks.example.com/twilio/voice?tenant=acme');
		const forged = formDelivery(formOf(inbound), signature, TWILIO_URL);
		expect(twilioSdk.validateRequest(authToken, signature, TWILIO_URL, inbound)).toBe(false);
		expect(codeOf(twilio, forged, options)).toBe('signature_mismatch');
	});

	test('the URL is signed as given: twilio also tries the default port, hookbridge does not', () => {
		const withPort = 'https://hooks.example.com:443/twilio/sms?tenant=acme';
		const signature = signForm(inbound);
		expect(twilioSdk.validateRequest(authToken, signature, withPort, inbound)).toBe(true);
		const delivery = formDelivery(formOf(inbound), signature, withPort);
		expect(codeOf(twilio, delivery, options)).toBe('signature_mismatch');
	});

	test('a delivery without X-Twilio-Signature is refused with missing_signature', () => {
		const delivery = { headers: {}, body: formOf(inbound), url: TWILIO_URL };
		expect(codeOf(twilio, delivery, options)).toBe('missing_signature');
	});

	test('a delivery given without its URL fails with missing_url (500: the receiver is at fault)', () => {
		const error = errorOf(twilio, formDelivery(formOf(inbound), signForm(inbound)), options);
		expect(error.code).toBe('missing_url');
		expect(error.status).toBe(500);
	});
});

describe('svix: signed and verified by the svix library', () => {
	const secret = `whsec_${randomBytes(24).toString('base64')}`;
	const messageId = 'msg_2Xk9LmQ4vR7tY1uW3zA5bC8dE0f';
	const payload = JSON.stringify(svix.anyEventSample);
	const options = { secrets: secret, now: NOW };

	beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(NOW));
	afterEach(() => jest.restoreAllMocks());

	function signed(body = payload, seconds = NOW_SECONDS, key = secret, id = messageId) {
		const signature = new Webhook(key).sign(id, new Date(seconds * 1000), body);
		const headers = { 'svix-id': id, 'svix-timestamp': `${seconds}`, 'svix-signature': signature };
		return { headers, body };
	}

	const svixAccepts = (given: { headers: Record<string, string>; body: string }) => {
		try {
			new Webhook(secret).verify(given.body, given.headers);
			return true;
		} catch {
			return false;
		}
	};

	test('a delivery signed by svix is accepted by svix and hookbridge', () => {
		const delivery = signed();
		expect(svixAccepts(delivery)).toBe(true);
		const event = verifyDelivery(svix, delivery, options);
		expect(event).toMatchObject({
			id: messageId,
			type: 'invoice.paid',
			occurredAt: '2026-02-24T21:00:00.000Z',
			known: false,
			verified: true,
		});
		expect(event.data).toEqual(svix.anyEventSample?.data);
	});

	test('the unbranded webhook-* header names are read as svix reads them', () => {
		const { headers, body } = signed();
		const unbranded = {
			'webhook-id': headers['svix-id'],
			'webhook-timestamp': headers['svix-timestamp'],
			'webhook-signature': headers['svix-signature'],
		};
		expect(svixAccepts({ headers: unbranded, body })).toBe(true);
		expect(verifyDelivery(svix, { headers: unbranded, body }, options).id).toBe(messageId);
	});

	test('during a rotation, a header with an old and a new signature is accepted', () => {
		const old = signed(payload, NOW_SECONDS, `whsec_${randomBytes(24).toString('base64')}`);
		const delivery = signed();
		delivery.headers['svix-signature'] =
			`${old.headers['svix-signature']} ${delivery.headers['svix-signature']}`;
		expect(svixAccepts(delivery)).toBe(true);
		expect(verifyDelivery(svix, delivery, options).verified).toBe(true);
	});

	test('a changed body is refused by both with signature_mismatch', () => {
		const delivery = { ...signed(), body: payload.replace('4900', '1') };
		expect(svixAccepts(delivery)).toBe(false);
		expect(codeOf(svix, delivery, options)).toBe('signature_mismatch');
	});

	test('a changed svix-id is refused by both with signature_mismatch', () => {
		const delivery = signed();
		delivery.headers['svix-id'] = 'msg_replayed';
		expect(svixAccepts(delivery)).toBe(false);
		expect(codeOf(svix, delivery, options)).toBe('signature_mismatch');
	});

	test('a delivery signed with another secret is refused with signature_mismatch', () => {
		const delivery = signed(payload, NOW_SECONDS, `whsec_${randomBytes(24).toString('base64')}`);
		expect(svixAccepts(delivery)).toBe(false);
		expect(codeOf(svix, delivery, options)).toBe('signature_mismatch');
	});

	test('a delivery older than five minutes is refused by both with timestamp_too_old', () => {
		const delivery = signed(payload, NOW_SECONDS - TOO_LATE);
		expect(svixAccepts(delivery)).toBe(false);
		expect(codeOf(svix, delivery, options)).toBe('timestamp_too_old');
	});
});
