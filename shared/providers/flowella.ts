import { z } from 'zod/v4';
import { eventDefiner } from './define-event';
import type { Profile } from './profile';

// Source: ../shared/seeds/flowella-webhooks.txt. The docs list the event types, the signature
// and the policies, but show neither the headers beyond X-Flowella-Signature nor the body.
// Assumed body: `{ event, timestamp, account_id, data }`, where `data.id` is the event's own
// unique id (the docs' idempotency key) and message events carry `data.messageId`.

const eventId = z.string().min(1);
const phone = z.string().min(4);

const MessageReceivedSchema = z.looseObject({
	id: eventId,
	messageId: z.string(),
	conversationId: z.string(),
	from: phone,
	contactName: z.string().optional(),
	type: z.enum(['text', 'image', 'audio', 'video', 'document', 'location', 'interactive']),
	text: z.string().optional(),
	receivedAt: z.string(),
});
const MessageStatusSchema = z.looseObject({
	id: eventId,
	messageId: z.string(),
	conversationId: z.string(),
	to: phone,
	status: z.enum(['sent', 'delivered', 'read', 'failed']),
	at: z.string(),
	error: z.looseObject({ code: z.number(), title: z.string() }).optional(),
});
const ConversationSchema = z.looseObject({
	id: eventId,
	conversationId: z.string(),
	contactPhone: phone,
	status: z.enum(['open', 'closed']),
	closedBy: z.string().optional(),
});
const OptoutSchema = z.looseObject({
	id: eventId,
	contactPhone: phone,
	channel: z.string(),
	reason: z.string().optional(),
});
const TemplateStatusSchema = z.looseObject({
	id: eventId,
	templateName: z.string(),
	language: z.string(),
	status: z.enum(['approved', 'rejected', 'paused', 'disabled']),
	reason: z.string().optional(),
});
const WebhookTestSchema = z.looseObject({ id: eventId, message: z.string() });

let counter = 0;
const defineEvent = eventDefiner((type, data) => ({
	event: type,
	timestamp: '2026-02-24T21:00:00.000Z',
	account_id: 'acc_3f9a1c',
	// Each sample gets its own event id, in place of the placeholder the typed data carries.
	data: { ...data, id: `evt_fl_${String(++counter).padStart(4, '0')}` },
}));

const status = (kind: 'sent' | 'delivered' | 'read' | 'failed', when: string) =>
	defineEvent({
		type: `message.${kind}`,
		title: `Message ${kind[0]?.toUpperCase()}${kind.slice(1)}`,
		description: {
			sent: 'Flowella has accepted your outbound message and submitted it to Meta',
			delivered: "Meta confirmed the message was delivered to the recipient's device",
			read: 'The recipient opened the message',
			failed: 'Meta returned a failure for the message',
		}[kind],
		schema: MessageStatusSchema,
		data: {
			id: 'set-by-wrapper',
			messageId: 'wamid.HBgLMTQxNTU1NTAxMjMVAgARGBI',
			conversationId: 'cnv_2207',
			to: '+14155550123',
			status: kind,
			at: when,
			...(kind === 'failed' ? { error: { code: 131047, title: 'Re-engagement message' } } : {}),
		},
	});

const events = [
	defineEvent({
		type: 'message.received',
		title: 'Message Received',
		description: 'An inbound WhatsApp message has arrived from a contact',
		schema: MessageReceivedSchema,
		data: {
			id: 'set-by-wrapper',
			messageId: 'wamid.HBgLMTQxNTU1NTAxMjMVAgASGBQ',
			conversationId: 'cnv_2207',
			from: '+14155550123',
			contactName: 'Dana Ortiz',
			type: 'text',
			text: 'Hola! Do you deliver on Sundays?',
			receivedAt: '2026-02-24T20:59:58.000Z',
		},
	}),
	status('sent', '2026-02-24T21:00:00.000Z'),
	status('delivered', '2026-02-24T21:00:02.000Z'),
	status('read', '2026-02-24T21:01:10.000Z'),
	status('failed', '2026-02-24T21:00:03.000Z'),
	defineEvent({
		type: 'conversation.opened',
		title: 'Conversation Opened',
		description: 'A conversation has moved into the open state',
		schema: ConversationSchema,
		data: {
			id: 'set-by-wrapper',
			conversationId: 'cnv_2207',
			contactPhone: '+14155550123',
			status: 'open',
		},
	}),
	defineEvent({
		type: 'conversation.closed',
		title: 'Conversation Closed',
		description: 'A conversation has been closed',
		schema: ConversationSchema,
		data: {
			id: 'set-by-wrapper',
			conversationId: 'cnv_2207',
			contactPhone: '+14155550123',
			status: 'closed',
			closedBy: 'agent_12',
		},
	}),
	defineEvent({
		type: 'optout.created',
		title: 'Opt-out Created',
		description: 'A contact opted out on a specific channel',
		schema: OptoutSchema,
		data: {
			id: 'set-by-wrapper',
			contactPhone: '+14155550123',
			channel: 'whatsapp',
			reason: 'STOP',
		},
	}),
	defineEvent({
		type: 'template.status_updated',
		title: 'Template Status Updated',
		description: "Meta changed a template's status (approved, rejected, paused, disabled)",
		schema: TemplateStatusSchema,
		data: {
			id: 'set-by-wrapper',
			templateName: 'order_shipped',
			language: 'en_US',
			status: 'approved',
		},
	}),
	defineEvent({
		type: 'webhook.test',
		title: 'Test Webhook',
		description: 'Sent only when you click Send test; never subscribed to explicitly.',
		schema: WebhookTestSchema,
		data: { id: 'set-by-wrapper', message: 'This is a test event from Flowella.' },
	}),
];

export const flowella: Profile = {
	id: 'flowella',
	name: 'Flowella',
	docsUrl: 'https://docs.flowella.com/webhooks',
	signature: {
		algorithm: 'sha256',
		header: 'x-flowella-signature',
		format: 'value',
		prefix: '',
		encoding: 'hex',
		key: 'utf8',
		content: [{ part: 'body' }],
		timestampWindow: 'both',
		compactJsonFallback: false,
	},
	envelope: {
		id: [{ body: 'data.id' }],
		type: [{ body: 'event' }, { header: 'x-flowella-event' }],
		occurredAt: [{ body: 'timestamp' }],
		deliveryId: [{ header: 'x-flowella-delivery' }],
		accountId: [{ body: 'account_id' }],
		dataKey: 'data',
		flatKeys: ['event', 'timestamp', 'account_id'],
	},
	events,
	openCatalog: false,
	testEventTypes: ['webhook.test'],
	delivery: {
		timeoutMs: 10_000,
		// "Retried up to 3 attempts with backoff": read as three retries after the first
		// attempt; the 30 s × 4 backoff is assumed.
		retryDelaysSeconds: [30, 120, 480],
		retryWindowSeconds: 3_600,
		autoDisableAfter: 10,
		disableOnStatus: [410],
		httpsOnly: true,
		userAgent: 'Flowella-Webhooks/1.0',
	},
	secret: { origin: 'provider', prefix: 'fl_whsec_', encoding: 'hex', bytes: 24, optional: false },
	assumptions: [
		"Body is { event, timestamp, account_id, data } with data.id the unique event id (the docs' idempotency key).",
		"Headers besides X-Flowella-Signature: X-Flowella-Event and X-Flowella-Delivery (the delivery's id, the same on its retries).",
		'"Retried up to 3 attempts" means three retries after the first attempt, after 30 s, 2 min and 8 min.',
		'The signing secret looks like fl_whsec_<48 hex> and is used as UTF-8 HMAC key bytes.',
		'Auto-disable counts consecutive failed attempts across deliveries, as the docs say "accumulates"; 410 Gone disables at once.',
	],
	persona: { accountId: 'acc_{hex:12}', apiKeyPrefix: 'fl_key_', settings: 'webhooks' },
};
