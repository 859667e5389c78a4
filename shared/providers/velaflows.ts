import { z } from 'zod/v4';
import { eventDefiner } from './define-event';
import type { Profile } from './profile';

// Sources: ../shared/seeds/velaflows-webhooks-overview.txt and velaflows-subscribing.txt.
// The docs give four wire names verbatim (inbox.conversation.created, inbox.message.received,
// crm.lead.stage_changed, crm.lead.created); every other event is named in words only, and its
// wire name here follows the same `<category>.<entity>.<action>` pattern (nameSource 'derived').

const id = z.string().min(1);
const isoTime = z.string().min(1);
const channel = z.enum(['whatsapp', 'instagram', 'messenger', 'email', 'sms', 'webchat']);

const ConversationSchema = z.looseObject({
	conversationId: id,
	channel,
	contactId: id,
	status: z.string(),
	assigneeId: id.nullable().optional(),
});
const MessageSchema = z.looseObject({
	messageId: id,
	conversationId: id,
	channel,
	from: z.string(),
	text: z.string().optional(),
	receivedAt: isoTime,
});
const LeadSchema = z.looseObject({
	leadId: id,
	name: z.string(),
	pipelineId: id,
	stageId: id,
	value: z.number().optional(),
});
const LeadStageChangedSchema = z.looseObject({
	leadId: id,
	pipelineId: id,
	fromStageId: id,
	toStageId: id,
	changedBy: id,
});
const TaskCompletedSchema = z.looseObject({
	taskId: id,
	leadId: id.optional(),
	title: z.string(),
	completedBy: id,
	completedAt: isoTime,
});
const ActivityAddedSchema = z.looseObject({
	activityId: id,
	leadId: id,
	kind: z.string(),
	note: z.string().optional(),
});
const CustomerSchema = z.looseObject({
	customerId: id,
	name: z.string(),
	email: z.string().optional(),
	phone: z.string().optional(),
	tags: z.array(z.string()).optional(),
});
const CustomerMergedSchema = z.looseObject({
	customerId: id,
	mergedCustomerIds: z.array(id).min(1),
});
const CustomerTaggedSchema = z.looseObject({ customerId: id, tags: z.array(z.string()) });
const MessageStatusSchema = z.looseObject({
	messageId: id,
	channel,
	status: z.enum(['sent', 'delivered', 'read', 'failed']),
	error: z.string().optional(),
});
const ChannelAccountSchema = z.looseObject({
	accountId: id,
	channel,
	displayName: z.string(),
});
const ExecutionSchema = z.looseObject({
	executionId: id,
	workflowId: id,
	workflowName: z.string(),
	status: z.enum(['running', 'completed', 'failed']),
	error: z.string().optional(),
});
const MemberInvitedSchema = z.looseObject({ memberId: id, email: z.string(), role: z.string() });
const MemberRoleChangedSchema = z.looseObject({
	memberId: id,
	fromRole: z.string(),
	toRole: z.string(),
});
const WorkspaceUpdatedSchema = z.looseObject({ changes: z.array(z.string()).min(1) });
const BroadcastSchema = z.looseObject({
	broadcastId: id,
	name: z.string(),
	channel,
	recipients: z.number().int().nonnegative(),
	error: z.string().optional(),
});
const BookingSchema = z.looseObject({
	bookingId: id,
	customerId: id,
	startsAt: isoTime,
	endsAt: isoTime,
	service: z.string(),
	previousStartsAt: isoTime.optional(),
	reason: z.string().optional(),
});

// Assumed body (the docs show only `eventId` and `eventType`): `workspaceId`, an ISO
// `timestamp` and the event's `data` object, like most REST-hook senders.
let counter = 0;
const defineEvent = eventDefiner((type, data) => ({
	eventId: `evt_01JBVF${String(++counter).padStart(6, '0')}`,
	eventType: type,
	workspaceId: 'ws_64f1c2a9b7',
	timestamp: '2026-02-24T21:00:00.000Z',
	data,
}));

const events = [
	defineEvent({
		type: 'inbox.conversation.created',
		category: 'inbox',
		title: 'Conversation Created',
		description: 'A new conversation was started in the inbox.',
		schema: ConversationSchema,
		data: { conversationId: 'conv_81', channel: 'whatsapp', contactId: 'cus_19', status: 'open' },
	}),
	defineEvent({
		type: 'inbox.conversation.assigned',
		category: 'inbox',
		nameSource: 'derived',
		title: 'Conversation Assigned',
		description: 'A conversation was assigned to a team member.',
		schema: ConversationSchema,
		data: {
			conversationId: 'conv_81',
			channel: 'whatsapp',
			contactId: 'cus_19',
			status: 'open',
			assigneeId: 'mem_7',
		},
	}),
	defineEvent({
		type: 'inbox.conversation.closed',
		category: 'inbox',
		nameSource: 'derived',
		title: 'Conversation Closed',
		description: 'A conversation was closed.',
		schema: ConversationSchema,
		data: { conversationId: 'conv_81', channel: 'whatsapp', contactId: 'cus_19', status: 'closed' },
	}),
	defineEvent({
		type: 'inbox.message.received',
		category: 'inbox',
		title: 'Message Received',
		description: 'An inbound message arrived in a conversation.',
		schema: MessageSchema,
		data: {
			messageId: 'msg_5521',
			conversationId: 'conv_81',
			channel: 'whatsapp',
			from: '+14155550123',
			text: 'Hi, is the blue jacket still in stock?',
			receivedAt: '2026-02-24T20:59:58.000Z',
		},
	}),
	defineEvent({
		type: 'crm.lead.created',
		category: 'crm',
		title: 'Lead Created',
		description: 'A lead was added to a pipeline.',
		schema: LeadSchema,
		data: {
			leadId: 'lead_301',
			name: 'Dana Ortiz',
			pipelineId: 'pipe_1',
			stageId: 'stg_new',
			value: 1200,
		},
	}),
	defineEvent({
		type: 'crm.lead.stage_changed',
		category: 'crm',
		title: 'Lead Stage Changed',
		description: 'A lead moved to another pipeline stage.',
		schema: LeadStageChangedSchema,
		data: {
			leadId: 'lead_301',
			pipelineId: 'pipe_1',
			fromStageId: 'stg_new',
			toStageId: 'stg_qualified',
			changedBy: 'mem_7',
		},
	}),
	defineEvent({
		type: 'crm.task.completed',
		category: 'crm',
		nameSource: 'derived',
		title: 'Task Completed',
		description: 'A CRM task was marked complete.',
		schema: TaskCompletedSchema,
		data: {
			taskId: 'task_44',
			leadId: 'lead_301',
			title: 'Send quote',
			completedBy: 'mem_7',
			completedAt: '2026-02-24T20:58:00.000Z',
		},
	}),
	defineEvent({
		type: 'crm.activity.added',
		category: 'crm',
		nameSource: 'derived',
		title: 'Activity Added',
		description: 'A note, call or meeting was logged on a lead.',
		schema: ActivityAddedSchema,
		data: { activityId: 'act_90', leadId: 'lead_301', kind: 'call', note: 'Asked for a discount.' },
	}),
	defineEvent({
		type: 'customer.customer.created',
		category: 'customer',
		nameSource: 'derived',
		title: 'Customer Created',
		description: 'A customer record was created.',
		schema: CustomerSchema,
		data: {
			customerId: 'cus_19',
			name: 'Dana Ortiz',
			email: 'dana@example.com',
			phone: '+14155550123',
		},
	}),
	defineEvent({
		type: 'customer.customer.updated',
		category: 'customer',
		nameSource: 'derived',
		title: 'Customer Updated',
		description: 'A customer record was changed.',
		schema: CustomerSchema,
		data: { customerId: 'cus_19', name: 'Dana Ortiz-Lee', email: 'dana@example.com' },
	}),
	defineEvent({
		type: 'customer.customer.merged',
		category: 'customer',
		nameSource: 'derived',
		title: 'Customers Merged',
		description: 'Duplicate customer records were merged into one.',
		schema: CustomerMergedSchema,
		data: { customerId: 'cus_19', mergedCustomerIds: ['cus_23'] },
	}),
	defineEvent({
		type: 'customer.customer.tagged',
		category: 'customer',
		nameSource: 'derived',
		title: 'Customer Tagged',
		description: 'Tags were added to a customer.',
		schema: CustomerTaggedSchema,
		data: { customerId: 'cus_19', tags: ['vip', 'wholesale'] },
	}),
	defineEvent({
		type: 'channels.message.status_changed',
		category: 'channels',
		nameSource: 'derived',
		title: 'Message Status Changed',
		description: 'An outbound message was sent, delivered, read or failed.',
		schema: MessageStatusSchema,
		data: { messageId: 'msg_5522', channel: 'whatsapp', status: 'delivered' },
	}),
	defineEvent({
		type: 'channels.account.connected',
		category: 'channels',
		nameSource: 'derived',
		title: 'Channel Account Connected',
		description: 'A messaging account was connected to the workspace.',
		schema: ChannelAccountSchema,
		data: { accountId: 'chn_3', channel: 'instagram', displayName: '@ortiz.store' },
	}),
	defineEvent({
		type: 'channels.account.disconnected',
		category: 'channels',
		nameSource: 'derived',
		title: 'Channel Account Disconnected',
		description: 'A messaging account was disconnected from the workspace.',
		schema: ChannelAccountSchema,
		data: { accountId: 'chn_3', channel: 'instagram', displayName: '@ortiz.store' },
	}),
	...(['started', 'completed', 'failed'] as const).map((action) =>
		defineEvent({
			type: `workflow.execution.${action}`,
			category: 'workflow',
			nameSource: 'derived',
			title: `Workflow Execution ${action[0]?.toUpperCase()}${action.slice(1)}`,
			description: `A workflow execution ${action}.`,
			schema: ExecutionSchema,
			data: {
				executionId: 'exe_700',
				workflowId: 'wf_12',
				workflowName: 'Welcome new leads',
				status: action === 'started' ? 'running' : action,
				...(action === 'failed' ? { error: 'Step 3: template not approved' } : {}),
			},
		}),
	),
	defineEvent({
		type: 'auth.member.invited',
		category: 'auth',
		nameSource: 'derived',
		title: 'Member Invited',
		description: 'Someone was invited to the workspace.',
		schema: MemberInvitedSchema,
		data: { memberId: 'mem_9', email: 'sam@example.com', role: 'agent' },
	}),
	defineEvent({
		type: 'auth.member.role_changed',
		category: 'auth',
		nameSource: 'derived',
		title: 'Member Role Changed',
		description: "A member's role changed.",
		schema: MemberRoleChangedSchema,
		data: { memberId: 'mem_9', fromRole: 'agent', toRole: 'admin' },
	}),
	defineEvent({
		type: 'auth.workspace.updated',
		category: 'auth',
		nameSource: 'derived',
		title: 'Workspace Updated',
		description: 'Workspace settings changed.',
		schema: WorkspaceUpdatedSchema,
		data: { changes: ['name', 'timezone'] },
	}),
	...(['sent', 'delivered', 'failed'] as const).map((action) =>
		defineEvent({
			type: `broadcast.broadcast.${action}`,
			category: 'broadcast',
			nameSource: 'derived',
			title: `Broadcast ${action[0]?.toUpperCase()}${action.slice(1)}`,
			description: `A broadcast was ${action === 'failed' ? 'not sent' : action}.`,
			schema: BroadcastSchema,
			data: {
				broadcastId: 'bc_55',
				name: 'Spring sale',
				channel: 'whatsapp',
				recipients: 1840,
				...(action === 'failed' ? { error: 'Template paused by Meta' } : {}),
			},
		}),
	),
	...(['created', 'cancelled', 'rescheduled'] as const).map((action) =>
		defineEvent({
			type: `scheduling.booking.${action}`,
			category: 'scheduling',
			nameSource: 'derived',
			title: `Booking ${action[0]?.toUpperCase()}${action.slice(1)}`,
			description: `A booking was ${action}.`,
			schema: BookingSchema,
			data: {
				bookingId: 'bk_17',
				customerId: 'cus_19',
				startsAt: '2026-02-26T15:00:00.000Z',
				endsAt: '2026-02-26T15:30:00.000Z',
				service: 'Fitting',
				...(action === 'rescheduled' ? { previousStartsAt: '2026-02-25T15:00:00.000Z' } : {}),
				...(action === 'cancelled' ? { reason: 'Customer request' } : {}),
			},
		}),
	),
];

export const velaflows: Profile = {
	id: 'velaflows',
	name: 'VelaFlows',
	docsUrl: 'https://docs.velaflows.com/webhooks',
	api: {
		baseUrl: 'https://api.velaflows.com/api/v1',
		credentials: [
			{
				key: 'apiKey',
				label: 'API Token',
				secret: true,
				required: true,
				description: 'A VelaFlows API token (Settings → API).',
			},
			{
				key: 'workspaceId',
				label: 'Workspace ID',
				role: 'account',
				secret: false,
				required: true,
				description: 'The workspace whose events you want; sent as x-workspace-id.',
			},
		],
		headers: { authorization: 'Bearer {apiKey}', 'x-workspace-id': '{workspaceId}' },
		endpoints: {
			create: { method: 'POST', path: '/integrations/webhooks' },
			list: { method: 'GET', path: '/integrations/webhooks' },
			update: { method: 'PATCH', path: '/integrations/webhooks/{id}' },
			delete: { method: 'DELETE', path: '/integrations/webhooks/{id}' },
		},
		fields: { url: 'url', events: 'events', secret: 'secret', active: 'active' },
		numericIds: false,
		responses: {
			createdId: 'data.subscription._id',
			// Assumed: the list answers `{ data: { subscriptions: [...] } }` like create's shape.
			listItems: 'data.subscriptions',
			item: { id: '_id', url: 'url', events: 'events', active: 'active' },
		},
	},
	signature: {
		algorithm: 'sha256',
		header: 'x-webhook-signature',
		format: 'value',
		prefix: 'sha256=',
		encoding: 'hex',
		key: 'utf8',
		content: [{ part: 'body' }],
		timestampWindow: 'both',
		compactJsonFallback: false,
	},
	envelope: {
		id: [{ body: 'eventId' }],
		type: [{ body: 'eventType' }],
		occurredAt: [{ body: 'timestamp' }],
		// Assumed: the delivery's id (the same on its retries); absent headers are not reported.
		deliveryId: [{ header: 'x-webhook-delivery-id' }],
		accountId: [{ body: 'workspaceId' }],
		dataKey: 'data',
		flatKeys: ['eventId', 'eventType', 'workspaceId', 'timestamp'],
	},
	events,
	categories: [
		{
			id: 'inbox',
			title: 'Inbox',
			documentedCount: '15+',
			examples: 'Conversation created, assigned, closed, message received',
		},
		{
			id: 'crm',
			title: 'CRM',
			documentedCount: '10+',
			examples: 'Lead created, stage changed, task completed, activity added',
		},
		{
			id: 'customer',
			title: 'Customer',
			documentedCount: '8+',
			examples: 'Customer created, updated, merged, tagged',
		},
		{
			id: 'channels',
			title: 'Channels',
			documentedCount: '10+',
			examples: 'Message status changed, account connected/disconnected',
		},
		{
			id: 'workflow',
			title: 'Workflow',
			documentedCount: '5+',
			examples: 'Execution started, completed, failed',
		},
		{
			id: 'auth',
			title: 'Auth',
			documentedCount: '5+',
			examples: 'Member invited, role changed, workspace updated',
		},
		{
			id: 'broadcast',
			title: 'Broadcast',
			documentedCount: '5+',
			examples: 'Broadcast sent, delivered, failed',
		},
		{
			id: 'scheduling',
			title: 'Scheduling',
			documentedCount: '5+',
			examples: 'Booking created, cancelled, rescheduled',
		},
	],
	openCatalog: true,
	testEventTypes: [],
	delivery: {
		timeoutMs: 10_000,
		// "Exponential backoff, up to 5 retries", "Max retry window 24 hours": the base (1 min)
		// and factor (5) are assumed; the fifth retry lands ~13 h after the first attempt.
		retryDelaysSeconds: [60, 300, 1_500, 7_500, 37_500],
		retryWindowSeconds: 86_400,
		// Assumed: the docs name no auto-disable; the subscription stays active.
		autoDisableAfter: null,
		disableOnStatus: [410],
		httpsOnly: true,
		userAgent: 'VelaFlows-Webhooks/1.0',
	},
	secret: {
		origin: 'subscriber',
		prefix: 'whsec_',
		encoding: 'base64',
		bytes: 32,
		optional: false,
	},
	assumptions: [
		'Body is { eventId, eventType, workspaceId, timestamp, data }; the docs show only eventId and eventType.',
		'Wire names of events the docs name in words follow <category>.<entity>.<action> (nameSource "derived").',
		'The list endpoint answers { data: { subscriptions: [...] } }, like the create response.',
		'Retries wait 1, 5, 25, 125 and 625 minutes (exponential, factor 5), inside the 24 h window.',
		'No auto-disable is documented, so none is applied.',
		'An X-Webhook-Delivery-Id header names each delivery (the same on its retries); 410 Gone disables the subscription.',
		'The secret is used as UTF-8 HMAC key bytes, whole, including its whsec_ prefix.',
	],
	// The reference provider's impersonation: the docs' `{ success, data }` answers; the error
	// body and the delete answer are assumed in the same shape.
	persona: {
		accountId: 'ws_{hex:12}',
		apiKeyPrefix: 'vf_live_',
		api: {
			success: { success: true },
			item: { createdAt: 'createdAt' },
			deleted: { data: { deleted: true } },
			error: { success: false, error: { code: '{code}', message: '{message}' } },
		},
	},
};
