// Profile files of providers hookbridge does not ship, as the tests write them to temporary
// folders: a Slack-style manual one (YAML, `v0:timestamp:body`) and a GitHub-style one with a
// management API (JSON: token header, bare-array list, subscriber-chosen secret, `sha256=`
// over the body, event id and type in headers).

export const CHATTER_YAML = `
id: chatter
name: Chatter
docsUrl: https://chatter.example/docs/events
manualSetup: In Chatter, open App settings → Events, paste the request URL; the signing secret is under Credentials.
signature:
  header: x-chatter-signature
  prefix: "v0="
  content:
    - { part: text, text: "v0:" }
    - { part: timestamp }
    - { part: text, text: ":" }
    - { part: body }
  timestampHeader: x-chatter-request-timestamp
envelope:
  id: [{ body: event_id }]
  type: [{ body: event.type }]
  occurredAt: [{ body: event_time }]
  accountId: [{ body: team_id }]
  dataKey: event
events:
  - type: message
    title: Message Posted
    schema:
      type: object
      required: [type, text, user]
      properties:
        type: { const: message }
        text: { type: string }
        user: { type: string, pattern: "^U" }
    sample:
      team_id: T001
      event_id: Ev001
      event_time: 1767225600
      event: { type: message, text: hello, user: U123 }
secret: { origin: provider, prefix: "chs_", bytes: 24 }
`;

export const FORGE = {
	id: 'forge',
	name: 'Forge',
	docsUrl: 'https://forge.example/docs/webhooks',
	api: {
		baseUrl: 'https://api.forge.example',
		credentials: [
			{ key: 'apiKey', label: 'API token', secret: true },
			{ key: 'org', label: 'Organisation', role: 'account' },
		],
		headers: { authorization: 'token {apiKey}', 'x-forge-org': '{org}' },
		endpoints: {
			create: { method: 'POST', path: '/hooks' },
			list: { method: 'GET', path: '/hooks' },
			delete: { method: 'DELETE', path: '/hooks/{id}' },
		},
		fields: { url: 'url', events: 'events', secret: 'secret' },
		responses: {
			createdId: 'id',
			listItems: '',
			item: { id: 'id', url: 'config.url', events: 'events', active: 'active' },
		},
	},
	signature: { header: 'x-forge-signature-256', prefix: 'sha256=' },
	envelope: {
		id: [{ header: 'x-forge-delivery' }],
		type: [{ header: 'x-forge-event' }],
		deliveryId: [{ header: 'x-forge-delivery' }],
		dataKey: '',
	},
	events: [
		{
			type: 'push',
			title: 'Push',
			schema: {
				type: 'object',
				required: ['ref'],
				properties: {
					ref: { type: 'string' },
					commits: { type: 'array', items: { type: 'object' } },
				},
			},
			sample: { ref: 'refs/heads/main', commits: [{ id: 'c0ffee' }] },
		},
	],
	secret: { origin: 'subscriber' },
};
