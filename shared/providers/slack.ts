import { loadProfile } from '../profile-file/load-profile';
import type { ProfileFileInput } from '../profile-file/profile-file-schema';
import type { Profile } from './profile';

// Slack's Events API (api.slack.com/apis/events-api) as profile-file data. Slack signs
// `v0:{timestamp}:{body}` with the app's signing secret (api.slack.com/authentication/
// verifying-requests-from-slack) and wraps every event in `{ team_id, api_app_id, event,
// type: 'event_callback', event_id, event_time }`: the inner `event` is the data. The data is
// plain JSON so `hookbridge profile init --like slack` can write it out as a starter file.

const TEAM = 'T061EG9R6';
const TIME = 1_771_966_800; // 2026-02-24T21:00:00Z

/** A whole Events API body around one inner event, as Slack posts it. */
function callback(eventId: string, secondsLater: number, event: Record<string, unknown>) {
	return {
		token: 'XXYYZZ',
		team_id: TEAM,
		api_app_id: 'A0F7XDUAZ',
		event,
		type: 'event_callback',
		event_id: eventId,
		event_time: TIME + secondsLater,
		authorizations: [
			{
				enterprise_id: null,
				team_id: TEAM,
				user_id: 'U0LAN0Z89',
				is_bot: true,
				is_enterprise_install: false,
			},
		],
		is_ext_shared_channel: false,
		event_context: '4-eyJldCI6Im1lc3NhZ2UiLCJ0aWQiOiJUMDYxRUc5UjYiLCJhaWQiOiJBMEY3WERVQVoifQ',
	};
}

const slackId = { type: 'string', minLength: 1 };
const slackTs = { type: 'string', pattern: '^\\d+\\.\\d+$', description: 'Slack message ts' };

export const slackFile: ProfileFileInput = {
	id: 'slack',
	name: 'Slack',
	docsUrl: 'https://api.slack.com/apis/events-api',
	manualSetup:
		'At api.slack.com/apps, open your app, turn on Event Subscriptions and paste the webhook URL as the Request URL, then subscribe to bot events. The signing secret is under Basic Information → App Credentials.',
	signature: {
		algorithm: 'sha256',
		header: 'x-slack-signature',
		format: 'value',
		prefix: 'v0=',
		encoding: 'hex',
		key: 'utf8',
		content: [
			{ part: 'text', text: 'v0:' },
			{ part: 'timestamp' },
			{ part: 'text', text: ':' },
			{ part: 'body' },
		],
		timestampHeader: 'x-slack-request-timestamp',
		// Slack's docs refuse a timestamp "more than five minutes from local time", either way.
		timestampWindow: 'both',
	},
	bodyFormat: 'json',
	envelope: {
		// The same event_id on every retry of one event: the dedupe key.
		id: [{ body: 'event_id' }],
		// `type` alone names the wrapper (event_callback, url_verification, app_rate_limited):
		// used only for bodies that carry no inner event.
		type: [{ body: 'event.type' }, { body: 'type' }],
		occurredAt: [{ body: 'event_time' }],
		accountId: [{ body: 'team_id' }],
		dataKey: 'event',
		// The deprecated verification token is kept out of the data of wrapper-only bodies.
		flatKeys: ['token', 'type'],
	},
	events: [
		{
			type: 'message',
			title: 'Message',
			description: 'A message was posted in a channel, group or DM the app is in',
			schema: {
				type: 'object',
				properties: {
					type: { const: 'message' },
					subtype: { type: 'string' },
					channel: slackId,
					user: slackId,
					text: { type: 'string' },
					ts: slackTs,
					thread_ts: slackTs,
					channel_type: { enum: ['channel', 'group', 'im', 'mpim', 'app_home'] },
				},
				required: ['type', 'channel', 'ts'],
			},
			sample: callback('Ev0A1B2C3D4E', 0, {
				type: 'message',
				channel: 'C0LAN2Q65',
				user: 'U061F7AUR',
				text: 'Is the Thursday standup moved to 10?',
				ts: '1771966800.000100',
				event_ts: '1771966800.000100',
				channel_type: 'channel',
				client_msg_id: '54360322-36c9-4cd8-a7ab-13b5322362a6',
				team: TEAM,
			}),
		},
		{
			type: 'app_mention',
			title: 'App Mention',
			description: 'A user mentioned the app in a conversation',
			schema: {
				type: 'object',
				properties: {
					type: { const: 'app_mention' },
					user: slackId,
					text: { type: 'string' },
					ts: slackTs,
					channel: slackId,
					event_ts: slackTs,
				},
				// A bot's mention may carry bot_id without user.
				required: ['type', 'text', 'ts', 'channel'],
			},
			sample: callback('Ev0A1B2C3D4F', 12, {
				type: 'app_mention',
				user: 'U061F7AUR',
				text: '<@U0LAN0Z89> can you file this as a bug?',
				ts: '1771966812.000200',
				channel: 'C0LAN2Q65',
				event_ts: '1771966812.000200',
			}),
		},
		{
			type: 'reaction_added',
			title: 'Reaction Added',
			description: 'A member added an emoji reaction to an item',
			schema: {
				type: 'object',
				properties: {
					type: { const: 'reaction_added' },
					user: slackId,
					reaction: { type: 'string', minLength: 1 },
					item_user: slackId,
					item: {
						type: 'object',
						properties: { type: { type: 'string' }, channel: slackId, ts: slackTs },
						required: ['type'],
					},
					event_ts: slackTs,
				},
				required: ['type', 'user', 'reaction', 'item'],
			},
			sample: callback('Ev0A1B2C3D50', 30, {
				type: 'reaction_added',
				user: 'U0G9QF9C6',
				reaction: 'thumbsup',
				item_user: 'U061F7AUR',
				item: { type: 'message', channel: 'C0LAN2Q65', ts: '1771966800.000100' },
				event_ts: '1771966830.000300',
			}),
		},
		{
			type: 'member_joined_channel',
			title: 'Member Joined Channel',
			description: 'A user joined a public or private channel the app is in',
			schema: {
				type: 'object',
				properties: {
					type: { const: 'member_joined_channel' },
					user: slackId,
					channel: slackId,
					channel_type: { type: 'string' },
					team: slackId,
					inviter: slackId,
				},
				required: ['type', 'user', 'channel'],
			},
			sample: callback('Ev0A1B2C3D51', 45, {
				type: 'member_joined_channel',
				user: 'W06GH7XHN',
				channel: 'C0LAN2Q65',
				channel_type: 'C',
				team: TEAM,
				inviter: 'U061F7AUR',
				event_ts: '1771966845.000400',
			}),
		},
		{
			type: 'team_join',
			title: 'Team Join',
			description: 'A new member joined the workspace',
			schema: {
				type: 'object',
				properties: {
					type: { const: 'team_join' },
					user: {
						type: 'object',
						properties: {
							id: slackId,
							team_id: slackId,
							name: { type: 'string' },
							deleted: { type: 'boolean' },
							is_bot: { type: 'boolean' },
						},
						required: ['id'],
					},
				},
				required: ['type', 'user'],
			},
			sample: callback('Ev0A1B2C3D52', 60, {
				type: 'team_join',
				user: {
					id: 'U0A9DANA1',
					team_id: TEAM,
					name: 'dana.ortiz',
					real_name: 'Dana Ortiz',
					deleted: false,
					is_bot: false,
					tz: 'America/Los_Angeles',
					profile: { display_name: 'Dana', email: 'dana@example.com' },
				},
				event_ts: '1771966860.000500',
				cache_ts: TIME + 60,
			}),
		},
	],
	openCatalog: true,
	delivery: {
		// Slack wants an answer within 3 s, then retries up to 3 times: nearly at once, after
		// 1 minute and after 5 minutes, marking each with x-slack-retry-num.
		timeoutMs: 3_000,
		retryDelaysSeconds: [0, 60, 300],
		retryWindowSeconds: 3_600,
		autoDisableAfter: null,
		disableOnStatus: [],
		httpsOnly: true,
		userAgent: 'Slackbot 1.0 (+https://api.slack.com/robots)',
	},
	secret: { origin: 'provider', prefix: '', encoding: 'hex', bytes: 16, optional: false },
	assumptions: [
		"Slack's url_verification handshake (answer with the challenge) is not answered by hookbridge: the receiver must echo body.challenge itself when the Request URL is saved; hookbridge reports it as type url_verification.",
		'Only Events API bodies (JSON) are read; slash commands and interactivity payloads are form-encoded and are refused as invalid_json after the signature check.',
		'Retries (x-slack-retry-num, x-slack-retry-reason) carry the same event_id, which is the dedupe key; the retry headers are not part of the event.',
		'The retry delays are read as about 0 s, 60 s and 300 s after the previous attempt; dedupe records are kept an hour.',
		"Slack's turning off of apps whose deliveries fail more than 95% of the time in 60 minutes is not a consecutive-failure count and is not modelled (autoDisableAfter is null).",
		'Signing secrets are 32 hex characters used as UTF-8 HMAC key bytes, as Slack shows them.',
		"Timestamps more than five minutes off either way are refused, as Slack's docs say; @slack/bolt checks only the past.",
		'The Slackbot User-Agent is assumed.',
	],
};

export const slack: Profile = loadProfile(slackFile, 'The built-in slack profile');
