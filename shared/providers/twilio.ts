import { loadProfile } from '../profile-file/load-profile';
import type { ProfileFileInput } from '../profile-file/profile-file-schema';
import type { Profile } from './profile';

// Twilio Messaging webhooks (twilio.com/docs/usage/webhooks/webhooks-security) as profile-file
// data. Twilio signs, with the account's Auth Token, the URL it called followed by the form
// parameters sorted by name (HMAC-SHA1, base64, X-Twilio-Signature). Its JSON deliveries sign
// the URL alone, which then carries the body's SHA-256 as `bodySHA256`. Bodies are flat forms:
// the whole form is the data. Samples are forms parsed to objects of strings.

const ACCOUNT = 'AC82a4539a1c0b26da98d6330a5851dcc5';
const INBOUND = 'SM163b0ce52c46769d8ddb926ae5dbe533';
const OUTBOUND = 'SM3a8c16e452e2bfb61ae513568fe05f13';
const SERVICE = 'MG95a5b0e87eea5ad4331bbe14cba2b422';
const CUSTOMER = '+14155550123';
const BUSINESS = '+14155550100';

const sid = (prefix: string) => ({ type: 'string', pattern: `^${prefix}[0-9a-f]{32}$` });
const messageSid = sid('(SM|MM)');
const address = { type: 'string', minLength: 1, description: 'E.164 number or channel address' };
const digits = { type: 'string', pattern: '^[0-9]+$' };

type Status = 'sent' | 'delivered' | 'undelivered' | 'failed';

/** A status callback event: Twilio posts one per status change of an outbound message. */
function statusEvent(status: Status, description: string, extra: Record<string, string> = {}) {
	return {
		type: status,
		title: `Message ${status[0]?.toUpperCase()}${status.slice(1)}`,
		description,
		schema: {
			type: 'object',
			properties: {
				MessageStatus: { const: status },
				MessageSid: messageSid,
				AccountSid: sid('AC'),
				From: address,
				To: address,
				ErrorCode: digits,
				MessagingServiceSid: sid('MG'),
			},
			required: ['MessageStatus', 'MessageSid', 'AccountSid', 'To'],
		},
		sample: {
			SmsSid: OUTBOUND,
			SmsStatus: status,
			MessageStatus: status,
			To: CUSTOMER,
			MessagingServiceSid: SERVICE,
			MessageSid: OUTBOUND,
			AccountSid: ACCOUNT,
			From: BUSINESS,
			ApiVersion: '2010-04-01',
			...extra,
		},
	};
}

export const twilioFile: ProfileFileInput = {
	id: 'twilio',
	name: 'Twilio',
	docsUrl: 'https://www.twilio.com/docs/usage/webhooks/webhooks-security',
	manualSetup:
		'In the Twilio Console, open Phone Numbers → Manage → Active numbers → your number and paste the webhook URL under Messaging, "A message comes in" (and as the StatusCallback URL of messages you send). The secret is the account\'s Auth Token, under Account Info on the Console home page.',
	signature: {
		algorithm: 'sha1',
		header: 'x-twilio-signature',
		format: 'value',
		prefix: '',
		encoding: 'base64',
		key: 'utf8',
		content: [{ part: 'url' }, { part: 'form' }],
		timestampWindow: 'both',
		bodyHash: { param: 'bodySHA256', algorithm: 'sha256', encoding: 'hex' },
	},
	bodyFormat: 'form',
	envelope: {
		// Unique per request and the same on Twilio's retries. Not MessageSid when it is absent:
		// every status callback of a message shares it, so "delivered" would pass for a repeat of
		// "sent". Without the token the id is derived from the body, which differs per status.
		id: [{ header: 'i-twilio-idempotency-token' }],
		// Status callbacks carry MessageStatus; inbound messages only SmsStatus (`received`).
		type: [{ body: 'MessageStatus' }, { body: 'SmsStatus' }],
		occurredAt: [],
		accountId: [{ body: 'AccountSid' }],
		// The whole form is the data.
		dataKey: '',
		flatKeys: [],
	},
	events: [
		{
			type: 'received',
			title: 'Message Received',
			description: 'An SMS, MMS or WhatsApp message came in to one of your numbers',
			schema: {
				type: 'object',
				properties: {
					MessageSid: messageSid,
					SmsSid: messageSid,
					AccountSid: sid('AC'),
					From: address,
					To: address,
					Body: { type: 'string' },
					NumMedia: digits,
					NumSegments: digits,
					SmsStatus: { const: 'received' },
					ApiVersion: { type: 'string' },
				},
				required: ['MessageSid', 'AccountSid', 'From', 'To', 'Body', 'NumMedia'],
			},
			sample: {
				ToCountry: 'US',
				ToState: 'CA',
				SmsMessageSid: INBOUND,
				NumMedia: '0',
				ToCity: 'SAN FRANCISCO',
				FromZip: '94103',
				SmsSid: INBOUND,
				FromState: 'CA',
				SmsStatus: 'received',
				FromCity: 'SAN FRANCISCO',
				Body: 'Hi! Is my order ready for pickup?',
				FromCountry: 'US',
				To: BUSINESS,
				ToZip: '94105',
				NumSegments: '1',
				MessageSid: INBOUND,
				AccountSid: ACCOUNT,
				From: CUSTOMER,
				ApiVersion: '2010-04-01',
			},
		},
		statusEvent('sent', 'Twilio handed the message to the carrier'),
		statusEvent('delivered', 'The carrier confirmed delivery to the handset', {
			RawDlrDoneDate: '2602242100',
		}),
		statusEvent('undelivered', 'The carrier could not deliver the message', {
			ErrorCode: '30003',
			RawDlrDoneDate: '2602242101',
		}),
		statusEvent('failed', 'The message could not be sent', { ErrorCode: '30008' }),
	],
	openCatalog: true,
	delivery: {
		// Twilio waits 15 s for a webhook. It retries only when the URL asks it to with a
		// `#rc=` connection override (up to 5 times, after `#rt=` ms): none by default.
		timeoutMs: 15_000,
		retryDelaysSeconds: [],
		retryWindowSeconds: 3_600,
		autoDisableAfter: null,
		disableOnStatus: [],
		httpsOnly: false,
		userAgent: 'TwilioProxy/1.1',
	},
	secret: { origin: 'provider', prefix: '', encoding: 'hex', bytes: 16, optional: false },
	assumptions: [
		'The receiver passes delivery.url, the exact URL Twilio called, with its query; hookbridge signs it as given, while twilio\'s library also tries it with and without the default port (":443"), so it must match the URL configured in the Console.',
		'The Auth Token (32 hex characters) is the secret, used as UTF-8 HMAC key bytes; webhooks signed with a SharedKey (HMAC-SHA256, X-Twilio-Webhooks-Signature-Settings) are not supported.',
		'No timestamp is signed, and the I-Twilio-Idempotency-Token header that dedupe keys on is not signed either: a captured delivery replayed with another token is accepted again. Keep the webhook URL private and HTTPS.',
		'When I-Twilio-Idempotency-Token is missing, the event id is a hash of the body: different for each status callback of a message, the same on a retry.',
		'The event type is MessageStatus, else SmsStatus: the wire status (received, sent, delivered, undelivered, failed, …); other statuses are accepted as unknown types.',
		'Twilio sends no event time: occurredAt is the time of receipt.',
		'JSON deliveries (bodySHA256 in the URL, content type application/json) are verified over the URL and the body hash, and read as JSON.',
		'Retries happen only with a #rc= connection override in the URL; none are modelled by default. The TwilioProxy/1.1 User-Agent is assumed.',
		'A connection-override fragment (#rc=…) is not part of the signed URL: it never reaches the receiver, so delivery.url is given without it.',
	],
};

export const twilio: Profile = loadProfile(twilioFile, 'The built-in twilio profile');
