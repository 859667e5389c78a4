import { z } from 'zod/v4';
import { eventDefiner } from './define-event';
import type { Profile } from './profile';

// Source: ../shared/seeds/inboundflow-webhooks.txt. All four samples are the docs' payloads
// verbatim, placeholders ("uuid", "https://...") included, so schemas accept them as strings.

const urgency = z.enum(['low', 'medium', 'high']);

const CallCompletedSchema = z.looseObject({
	call_id: z.string(),
	caller_phone: z.string(),
	caller_name: z.string().optional(),
	caller_email: z.string().optional(),
	duration_seconds: z.number().nonnegative(),
	summary: z.string(),
	intent: z.string().optional(),
	urgency: urgency.optional(),
	recording_url: z.string().optional(),
	started_at: z.string(),
	ended_at: z.string(),
});
const CallTransferredSchema = z.looseObject({
	call_id: z.string(),
	caller_phone: z.string(),
	caller_name: z.string().optional(),
	duration_seconds: z.number().nonnegative(),
	summary: z.string(),
	transferred_to_label: z.string(),
	transferred_to_number: z.string(),
	urgency: urgency.optional(),
	reason: z.string().optional(),
});
const AppointmentBookedSchema = z.looseObject({
	call_id: z.string(),
	caller_phone: z.string(),
	caller_name: z.string().optional(),
	appointment_date: z.string(),
	appointment_time_start: z.string(),
	appointment_time_end: z.string(),
	service_type: z.string(),
	calendar_event_id: z.string().optional(),
	calendar_event_link: z.string().optional(),
});
const LeadCreatedSchema = z.looseObject({
	call_id: z.string(),
	caller_phone: z.string(),
	caller_name: z.string().optional(),
	caller_email: z.string().optional(),
	intent: z.string().optional(),
	urgency: urgency.optional(),
	interest: z.string().optional(),
	call_summary: z.string(),
});

const envelope = (event: string, data: Record<string, unknown>) => ({
	event,
	timestamp: '2026-02-24T21:00:00.000Z',
	organization_id: 'uuid',
	delivery_id: 'unique-uuid',
	data,
});
const defineEvent = eventDefiner(envelope);

const events = [
	defineEvent({
		type: 'call.completed',
		title: 'Call Completed',
		description: 'Fires after a call ends with summary, transcript, and caller info',
		schema: CallCompletedSchema,
		verbatim: envelope('call.completed', {
			call_id: 'uuid',
			caller_phone: '+1234567890',
			caller_name: 'Dave',
			caller_email: 'dave@example.com',
			duration_seconds: 55,
			summary:
				'Called about auto repair appointment. Customer wants to bring in a 2019 Honda Civic for brake inspection.',
			intent: 'book appointment',
			urgency: 'medium',
			recording_url: 'https://...',
			started_at: '2026-02-24T20:59:00Z',
			ended_at: '2026-02-24T21:00:00Z',
		}),
	}),
	defineEvent({
		type: 'call.transferred',
		title: 'Call Transferred',
		description: 'Fires when the AI transfers a call to a configured destination',
		schema: CallTransferredSchema,
		verbatim: envelope('call.transferred', {
			call_id: 'uuid',
			caller_phone: '+1234567890',
			caller_name: 'Dave',
			duration_seconds: 47,
			summary: 'Caller requested to speak with manager about pricing.',
			transferred_to_label: 'Manager',
			transferred_to_number: '+18154264329',
			urgency: 'medium',
			reason: 'Wants to discuss pricing for full body repair',
		}),
	}),
	defineEvent({
		type: 'appointment.booked',
		title: 'Appointment Booked',
		description: 'Fires when the AI books a calendar appointment during a call',
		schema: AppointmentBookedSchema,
		verbatim: envelope('appointment.booked', {
			call_id: 'uuid',
			caller_phone: '+1234567890',
			caller_name: 'Sarah',
			appointment_date: '2026-02-25',
			appointment_time_start: '2026-02-25T11:00:00Z',
			appointment_time_end: '2026-02-25T12:00:00Z',
			service_type: 'Auto Repair Appointment',
			calendar_event_id: 'google_event_id',
			calendar_event_link: 'https://calendar.google.com/...',
		}),
	}),
	defineEvent({
		type: 'lead.created',
		title: 'Lead Created',
		description: 'Fires when a new lead is created from a call with sufficient context',
		schema: LeadCreatedSchema,
		verbatim: envelope('lead.created', {
			call_id: 'uuid',
			caller_phone: '+1234567890',
			caller_name: 'Dave',
			caller_email: 'dave@example.com',
			intent: 'pricing inquiry',
			urgency: 'high',
			interest: 'auto body work',
			call_summary: 'Called about getting a quote for front bumper repair on a 2019 Honda Civic.',
		}),
	}),
];

export const inboundflow: Profile = {
	id: 'inboundflow',
	name: 'InboundFlow',
	docsUrl: 'https://inboundflow.ai/docs/webhooks',
	signature: {
		algorithm: 'sha256',
		header: 'x-inboundflow-signature',
		format: 'value',
		prefix: 'sha256=',
		encoding: 'hex',
		key: 'utf8',
		content: [{ part: 'timestamp' }, { part: 'text', text: '.' }, { part: 'body' }],
		timestampHeader: 'x-inboundflow-timestamp',
		timestampWindow: 'both',
		// The docs' sample code signs `${timestamp}.${JSON.stringify(req.body)}`, the re-serialised
		// body; the raw bytes are tried first.
		compactJsonFallback: true,
	},
	envelope: {
		// The docs: "Use the delivery_id field to deduplicate events": it is stable across retries.
		id: [{ body: 'delivery_id' }, { header: 'x-inboundflow-delivery-id' }],
		type: [{ body: 'event' }, { header: 'x-inboundflow-event' }],
		occurredAt: [{ body: 'timestamp' }, { header: 'x-inboundflow-timestamp' }],
		deliveryId: [{ header: 'x-inboundflow-delivery-id' }, { body: 'delivery_id' }],
		accountId: [{ body: 'organization_id' }],
		// Assumed: "Test Webhook" sends a catalogued event with this header set to "true".
		test: [{ header: 'x-inboundflow-test' }],
		dataKey: 'data',
		flatKeys: ['event', 'timestamp', 'organization_id', 'delivery_id'],
	},
	events,
	openCatalog: false,
	testEventTypes: [],
	delivery: {
		timeoutMs: 10_000,
		// Assumed: the docs say failures are "tracked" and a handler may be "called twice"; three
		// retries after 1, 5 and 30 minutes.
		retryDelaysSeconds: [60, 300, 1_800],
		retryWindowSeconds: 86_400,
		autoDisableAfter: 10,
		disableOnStatus: [410],
		httpsOnly: true,
		userAgent: 'InboundFlow-Webhook/1.0',
	},
	secret: { origin: 'subscriber', prefix: '', encoding: 'hex', bytes: 32, optional: true },
	assumptions: [
		'delivery_id is stable across retries, so it is the event id (the docs dedupe on it).',
		'X-InboundFlow-Timestamp is unix seconds; the signed string is `${timestamp}.${body}`.',
		"The compact JSON.stringify form of the body is accepted after the raw bytes, as the docs' sample code signs it.",
		'"Test Webhook" sends a catalogued event with X-InboundFlow-Test: true.',
		'Retries after 1, 5 and 30 minutes; auto-disable after 10 consecutive failed attempts (documented); 410 Gone disables at once.',
		'The signing secret is optional in the dashboard; hookbridge still refuses unsigned deliveries unless told otherwise.',
	],
	persona: { accountId: '{uuid}', apiKeyPrefix: 'ibf_key_', settings: 'integrations' },
};
