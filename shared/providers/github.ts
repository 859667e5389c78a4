import { loadProfile } from '../profile-file/load-profile';
import type { ProfileFileInput } from '../profile-file/profile-file-schema';
import type { Profile } from './profile';

// GitHub repository, organisation and App webhooks (docs.github.com/en/webhooks), as profile-file
// data: `hookbridge profile init --like github` writes this object out as a YAML starter.
// The event type and the delivery id travel in headers only; bodies are flat (no data wrapper),
// so the whole body is the event data.

const account = {
	type: 'object',
	description: 'A user or organisation, as GitHub abbreviates it in webhook bodies',
	required: ['login', 'id'],
	properties: { login: { type: 'string' }, id: { type: 'integer' }, type: { type: 'string' } },
};
const repository = {
	type: 'object',
	required: ['id', 'name', 'full_name', 'owner'],
	properties: {
		id: { type: 'integer' },
		name: { type: 'string' },
		full_name: { type: 'string', pattern: '^[^/]+/[^/]+$' },
		private: { type: 'boolean' },
		owner: { type: 'object', required: ['login'], properties: { login: { type: 'string' } } },
		html_url: { type: 'string', format: 'uri' },
	},
};
const sha = { type: 'string', pattern: '^[0-9a-f]{40}$' };

const octocat = { login: 'octocat', id: 583231, node_id: 'MDQ6VXNlcjU4MzIzMQ==', type: 'User' };
const helloWorld = {
	id: 1296269,
	node_id: 'MDEwOlJlcG9zaXRvcnkxMjk2MjY5',
	name: 'Hello-World',
	full_name: 'octocat/Hello-World',
	private: false,
	owner: { ...octocat, html_url: 'https://github.com/octocat' },
	html_url: 'https://github.com/octocat/Hello-World',
	description: 'My first repository on GitHub!',
	fork: false,
	url: 'https://api.github.com/repos/octocat/Hello-World',
	created_at: '2011-01-26T19:01:12Z',
	updated_at: '2026-02-24T20:41:05Z',
	pushed_at: '2026-02-24T20:58:12Z',
	default_branch: 'main',
	visibility: 'public',
};

const push = {
	ref: 'refs/heads/main',
	before: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
	after: '0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c',
	// Push bodies print the repository's times as unix seconds, unlike every other event.
	repository: {
		...helloWorld,
		owner: { name: 'octocat', email: 'octocat@github.com', ...helloWorld.owner },
		created_at: 1296068472,
		pushed_at: 1771966692,
	},
	pusher: { name: 'octocat', email: 'octocat@github.com' },
	sender: octocat,
	created: false,
	deleted: false,
	forced: false,
	base_ref: null,
	compare: 'https://github.com/octocat/Hello-World/compare/6113728f27ae...0d1a26e67d8f',
	commits: [
		{
			id: '0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c',
			tree_id: 'f9d2a07e9488b91af2641b26b9407fe22a451433',
			distinct: true,
			message: 'Update README.md',
			timestamp: '2026-02-24T20:58:12Z',
			url: 'https://github.com/octocat/Hello-World/commit/0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c',
			author: { name: 'The Octocat', email: 'octocat@github.com', username: 'octocat' },
			committer: { name: 'GitHub', email: 'noreply@github.com', username: 'web-flow' },
			added: [],
			removed: [],
			modified: ['README.md'],
		},
	],
	head_commit: {
		id: '0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c',
		tree_id: 'f9d2a07e9488b91af2641b26b9407fe22a451433',
		distinct: true,
		message: 'Update README.md',
		timestamp: '2026-02-24T20:58:12Z',
		url: 'https://github.com/octocat/Hello-World/commit/0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c',
		author: { name: 'The Octocat', email: 'octocat@github.com', username: 'octocat' },
		committer: { name: 'GitHub', email: 'noreply@github.com', username: 'web-flow' },
		added: [],
		removed: [],
		modified: ['README.md'],
	},
};

const pullRequest = {
	action: 'opened',
	number: 1347,
	pull_request: {
		url: 'https://api.github.com/repos/octocat/Hello-World/pulls/1347',
		id: 1234567890,
		node_id: 'PR_kwDOABPHjc5JlG0S',
		html_url: 'https://github.com/octocat/Hello-World/pull/1347',
		number: 1347,
		state: 'open',
		locked: false,
		title: 'Amazing new feature',
		user: octocat,
		body: 'Please pull these awesome changes in!',
		created_at: '2026-02-24T20:59:30Z',
		updated_at: '2026-02-24T20:59:30Z',
		closed_at: null,
		merged_at: null,
		draft: false,
		head: {
			label: 'octocat:new-topic',
			ref: 'new-topic',
			sha: '6dcb09b5b57875f334f61aebed695e2e4193db5e',
		},
		base: { label: 'octocat:main', ref: 'main', sha: '0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c' },
		merged: false,
		commits: 1,
		additions: 12,
		deletions: 2,
		changed_files: 1,
	},
	repository: helloWorld,
	sender: octocat,
};

const issues = {
	action: 'opened',
	issue: {
		url: 'https://api.github.com/repos/octocat/Hello-World/issues/1348',
		id: 2345678901,
		node_id: 'I_kwDOABPHjc6LzT7V',
		number: 1348,
		title: 'Found a bug',
		user: octocat,
		labels: [{ id: 208045946, name: 'bug', color: 'f29513', default: true }],
		state: 'open',
		locked: false,
		assignee: null,
		assignees: [],
		comments: 0,
		created_at: '2026-02-24T21:00:00Z',
		updated_at: '2026-02-24T21:00:00Z',
		closed_at: null,
		body: "I'm having a problem with this.",
		html_url: 'https://github.com/octocat/Hello-World/issues/1348',
	},
	repository: helloWorld,
	sender: octocat,
};

const release = {
	action: 'published',
	release: {
		url: 'https://api.github.com/repos/octocat/Hello-World/releases/1',
		html_url: 'https://github.com/octocat/Hello-World/releases/tag/v1.0.0',
		id: 190203811,
		node_id: 'RE_kwDOABPHjc4LVl6j',
		tag_name: 'v1.0.0',
		target_commitish: 'main',
		name: 'v1.0.0',
		draft: false,
		prerelease: false,
		author: octocat,
		created_at: '2026-02-24T20:58:12Z',
		published_at: '2026-02-24T21:00:00Z',
		assets: [],
		body: 'Description of the release',
	},
	repository: helloWorld,
	sender: octocat,
};

const ping = {
	zen: 'Keep it logically awesome.',
	hook_id: 498721653,
	hook: {
		type: 'Repository',
		id: 498721653,
		name: 'web',
		active: true,
		events: ['push', 'pull_request'],
		config: {
			content_type: 'json',
			insecure_ssl: '0',
			url: 'https://hooks.example.com/github',
		},
		updated_at: '2026-02-24T21:00:00Z',
		created_at: '2026-02-24T21:00:00Z',
	},
	repository: helloWorld,
	sender: octocat,
};

export const githubFile: ProfileFileInput = {
	id: 'github',
	name: 'GitHub',
	docsUrl: 'https://docs.github.com/en/webhooks',
	manualSetup:
		'In the repository or organisation, open Settings → Webhooks → Add webhook, paste this URL as the Payload URL and choose Content type application/json. Type a secret of your own in the Secret field and give the same secret here.',
	signature: {
		algorithm: 'sha256',
		header: 'x-hub-signature-256',
		format: 'value',
		prefix: 'sha256=',
		encoding: 'hex',
		key: 'utf8',
		content: [{ part: 'body' }],
		timestampWindow: 'both',
		compactJsonFallback: false,
	},
	envelope: {
		// The delivery GUID is kept on a redelivery, so it is the event's id as well.
		id: [{ header: 'x-github-delivery' }],
		type: [{ header: 'x-github-event' }],
		// Bodies carry no time of the event itself: the receipt time is used.
		occurredAt: [],
		deliveryId: [{ header: 'x-github-delivery' }],
		// The repository's owner (a user or an organisation); organisation-level events carry no
		// repository.
		accountId: [{ body: 'repository.owner.login' }, { body: 'organization.login' }],
		// GitHub bodies are flat: the whole body is the data.
		dataKey: '',
		flatKeys: [],
	},
	events: [
		{
			type: 'push',
			title: 'Push',
			description: 'One or more commits were pushed to a branch or tag',
			schema: {
				type: 'object',
				required: ['ref', 'before', 'after', 'repository', 'sender'],
				properties: {
					ref: { type: 'string', description: 'refs/heads/<branch> or refs/tags/<tag>' },
					before: sha,
					after: sha,
					repository,
					pusher: { type: 'object', properties: { name: { type: 'string' } } },
					sender: account,
					commits: {
						type: 'array',
						items: {
							type: 'object',
							required: ['id', 'message'],
							properties: { id: sha, message: { type: 'string' } },
						},
					},
				},
			},
			sample: push,
		},
		{
			type: 'pull_request',
			title: 'Pull Request',
			description:
				'A pull request was opened, closed, reopened, edited, synchronised, labelled, assigned…; data.action says which',
			schema: {
				type: 'object',
				required: ['action', 'number', 'pull_request', 'repository', 'sender'],
				properties: {
					action: { type: 'string' },
					number: { type: 'integer' },
					pull_request: {
						type: 'object',
						required: ['id', 'number', 'state', 'title'],
						properties: {
							id: { type: 'integer' },
							number: { type: 'integer' },
							state: { enum: ['open', 'closed'] },
							title: { type: 'string' },
							html_url: { type: 'string', format: 'uri' },
						},
					},
					repository,
					sender: account,
				},
			},
			sample: pullRequest,
		},
		{
			type: 'issues',
			title: 'Issues',
			description:
				'An issue was opened, edited, closed, reopened, labelled, assigned…; data.action says which',
			schema: {
				type: 'object',
				required: ['action', 'issue', 'repository', 'sender'],
				properties: {
					action: { type: 'string' },
					issue: {
						type: 'object',
						required: ['id', 'number', 'title', 'state'],
						properties: {
							id: { type: 'integer' },
							number: { type: 'integer' },
							title: { type: 'string' },
							state: { enum: ['open', 'closed'] },
						},
					},
					repository,
					sender: account,
				},
			},
			sample: issues,
		},
		{
			type: 'release',
			title: 'Release',
			description:
				'A release was published, created, edited, released, deleted…; data.action says which',
			schema: {
				type: 'object',
				required: ['action', 'release', 'repository', 'sender'],
				properties: {
					action: { type: 'string' },
					release: {
						type: 'object',
						required: ['id', 'tag_name'],
						properties: {
							id: { type: 'integer' },
							tag_name: { type: 'string' },
							name: { type: ['string', 'null'] },
							draft: { type: 'boolean' },
							prerelease: { type: 'boolean' },
						},
					},
					repository,
					sender: account,
				},
			},
			sample: release,
		},
		{
			type: 'ping',
			title: 'Ping',
			description: 'Sent once when the webhook is created, and by the API ping endpoint',
			schema: {
				type: 'object',
				required: ['zen', 'hook_id', 'hook'],
				properties: {
					zen: { type: 'string' },
					hook_id: { type: 'integer' },
					hook: {
						type: 'object',
						required: ['id', 'type'],
						properties: { id: { type: 'integer' }, type: { type: 'string' } },
					},
				},
			},
			sample: ping,
		},
	],
	openCatalog: true,
	testEventTypes: ['ping'],
	delivery: {
		timeoutMs: 10_000,
		retryDelaysSeconds: [],
		// No automatic retries, but deliveries of the past 3 days can be redelivered by hand or by
		// the API with the same X-GitHub-Delivery: dedupe remembers events that long.
		retryWindowSeconds: 3 * 86_400,
		autoDisableAfter: null,
		disableOnStatus: [],
		httpsOnly: false,
		userAgent: 'GitHub-Hookshot/044aadd',
	},
	secret: { origin: 'subscriber', prefix: '', encoding: 'hex', bytes: 32, optional: true },
	assumptions: [
		'X-GitHub-Delivery is not signed and GitHub signs no timestamp: a captured delivery sent again under another X-GitHub-Delivery is accepted again; dedupe cannot tell it from a new one.',
		'Only X-Hub-Signature-256 is checked; the legacy SHA-1 X-Hub-Signature is ignored.',
		'The webhook is set to content type application/json; application/x-www-form-urlencoded deliveries (payload=…) are not supported.',
		'Event types are X-GitHub-Event names (pull_request, issues); the action (opened, closed, …) is data.action.',
		'X-GitHub-Delivery is the event id: GitHub keeps it on redeliveries, which are possible for 3 days.',
		'The account is repository.owner.login, else organization.login; events with neither (some App events) have none.',
		'Bodies have no event time: occurredAt is the receipt time.',
		'httpsOnly is false: GitHub accepts http:// payload URLs.',
		'The User-Agent is GitHub-Hookshot/ followed by a short hash that changes with GitHub releases.',
	],
};

export const github: Profile = loadProfile(githubFile, 'The built-in github profile');
