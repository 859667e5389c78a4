import { type Locator, type Profile, sampleEvent, subscribableTypes } from '@hookbridge/core';
import { envelopeFields, unionOfDataFields } from './make-interface';

/** A Make custom app as files: relative path → JSON value (or text for the README). */
export type AppFiles = Record<string, unknown>;

const MODULE = 'watchEvents';

/**
 * A Make custom app for a profile ("apps as code": makecomapp.json + IML JSON files). API
 * providers get a connection, and a webhook whose attach/detach subscribe `{{webhook.url}}`
 * and delete it; manual-mode providers a webhook whose URL the user pastes into the dashboard.
 * One instant trigger, "Watch Events", outputs the envelope with the event's data.
 */
export function makeApp(profile: Profile): AppFiles {
	const id = profile.id;
	const hook = `${id.replace(/-/g, '')}Events`;
	const verifiable = canVerifyInMake(profile);
	const connection = profile.api || verifiable ? id : undefined;
	const files: AppFiles = {};
	const code: Record<string, Record<string, string>> = { connection: {}, webhook: {}, module: {} };
	const add = (
		kind: 'connection' | 'webhook' | 'module',
		name: string,
		type: string,
		value: unknown,
	) => {
		const path = `${kind}s/${name}/${name}.${type}.iml.json`;
		files[path] = value;
		(code[kind] ??= {})[type] = path;
	};

	files['general/base.iml.json'] = profile.api
		? apiBase(profile)
		: { response: { error: { message: '{{body.message}}' } } };
	files['general/common.json'] = {};
	files['modules/groups.json'] = [{ label: 'Triggers', modules: [MODULE] }];
	if (connection) {
		add('connection', connection, 'params', connectionParams(profile));
		add('connection', connection, 'communication', profile.api ? connectionCheck(profile) : {});
	}
	add('webhook', hook, 'communication', webhookCommunication(profile, verifiable));
	if (profile.api) {
		add('webhook', hook, 'params', [
			{
				name: 'events',
				label: 'Events',
				type: 'select',
				multiple: true,
				required: true,
				options: subscribableTypes(profile).map((t) => ({ label: titleOf(profile, t), value: t })),
			},
		]);
		add('webhook', hook, 'attach', attach(profile));
		add('webhook', hook, 'detach', detach(profile));
	}
	add('module', MODULE, 'communication', {});
	add('module', MODULE, 'interface', envelopeFields(unionOfDataFields(profile)));
	add('module', MODULE, 'samples', makeSample(profile));
	files['makecomapp.json'] = {
		fileVersion: 1,
		generalCodeFiles: {
			base: 'general/base.iml.json',
			common: 'general/common.json',
			groups: 'modules/groups.json',
			readme: 'README.md',
		},
		components: {
			connection: connection
				? {
						[connection]: {
							label: profile.name,
							connectionType: 'basic',
							codeFiles: code.connection,
						},
					}
				: {},
			webhook: {
				[hook]: {
					label: `${profile.name} events`,
					webhookType: 'web',
					...(connection ? { connection } : {}),
					codeFiles: code.webhook,
				},
			},
			module: {
				[MODULE]: {
					label: 'Watch Events',
					description: `Triggers when ${profile.name} sends an event.`,
					moduleType: 'instant_trigger',
					webhook: hook,
					...(connection ? { connection } : {}),
					codeFiles: code.module,
				},
			},
			rpc: {},
			function: {},
			endpoint: {},
		},
		origins: [],
	};
	return files;
}

/**
 * Make keeps only the parsed body and the headers: it can recompute a signature only where the
 * provider accepts it over compact JSON and every other signed part is a header or literal text.
 */
export function canVerifyInMake(profile: Profile): boolean {
	const scheme = profile.signature;
	return (
		scheme.compactJsonFallback &&
		scheme.format === 'value' &&
		scheme.key === 'utf8' &&
		scheme.bodyHash === undefined &&
		scheme.content.every(
			(part) =>
				part.part === 'body' ||
				part.part === 'text' ||
				part.part === 'header' ||
				(part.part === 'timestamp' && scheme.timestampHeader !== undefined),
		)
	);
}

/** The signed content as an IML expression, in the profile's order (see canVerifyInMake). */
function imlContent(profile: Profile): string {
	const scheme = profile.signature;
	const header = (name: string) => `headers.\`${name}\``;
	return scheme.content
		.map((part) => {
			if (part.part === 'body') return 'toString(body)';
			if (part.part === 'text') return JSON.stringify(part.text);
			if (part.part === 'header') return header(part.name);
			return header(scheme.timestampHeader ?? '');
		})
		.join(' + ');
}

function apiBase(profile: Profile) {
	const api = profile.api;
	if (!api) return {};
	return {
		baseUrl: '{{connection.baseUrl}}',
		headers: Object.fromEntries(
			Object.entries(api.headers).map(([h, t]) => [
				h,
				t.replace(/\{(\w+)\}/g, '{{connection.$1}}'),
			]),
		),
		response: {
			error: {
				message: `[{{statusCode}}] {{ifempty(body.error.message; ifempty(body.errors.1.detail; body.message))}}`,
			},
		},
	};
}

function connectionParams(profile: Profile) {
	if (!profile.api) {
		return [
			{
				name: 'signingSecret',
				label: 'Signing secret',
				type: 'password',
				required: true,
				help: `The signing secret you set in ${profile.name}.`,
			},
		];
	}
	return [
		...profile.api.credentials.map((f) => ({
			name: f.key,
			label: f.label,
			type: f.secret ? 'password' : 'text',
			required: f.required,
			help: f.description,
		})),
		{
			name: 'baseUrl',
			label: 'API base URL',
			type: 'url',
			required: true,
			default: profile.api.baseUrl,
			advanced: true,
			help: 'Change only for a self-hosted or reference instance.',
		},
	];
}

function connectionCheck(profile: Profile) {
	const api = profile.api;
	if (!api) return {};
	return {
		url: `{{parameters.baseUrl}}${api.endpoints.list.path}`,
		method: api.endpoints.list.method,
		headers: Object.fromEntries(
			Object.entries(api.headers).map(([h, t]) => [
				h,
				t.replace(/\{(\w+)\}/g, '{{parameters.$1}}'),
			]),
		),
		response: {
			error: {
				message: `[{{statusCode}}] {{ifempty(body.error.message; ifempty(body.errors.1.detail; body.message))}}`,
			},
		},
	};
}

function attach(profile: Profile) {
	const api = profile.api;
	if (!api) return {};
	const subscriberSecret = profile.secret.origin === 'subscriber' && api.fields.secret;
	const body: Record<string, string> = {
		[api.fields.url]: '{{webhook.url}}',
		[api.fields.events]: '{{parameters.events}}',
	};
	if (subscriberSecret && api.fields.secret) body[api.fields.secret] = '{{temp.secret}}';
	if (api.fields.description) body[api.fields.description] = 'Make scenario';
	return {
		...(subscriberSecret ? { temp: { secret: `${profile.secret.prefix}{{uuid}}` } } : {}),
		url: api.endpoints.create.path,
		method: api.endpoints.create.method,
		body,
		response: {
			data: {
				id: `{{body.${path(api.responses.createdId)}}}`,
				secret: subscriberSecret
					? '{{temp.secret}}'
					: `{{body.${path(api.responses.createdSecret ?? 'secret')}}}`,
			},
		},
	};
}

function detach(profile: Profile) {
	const api = profile.api;
	if (!api) return {};
	return {
		url: api.endpoints.delete.path.replace('{id}', '{{webhook.id}}'),
		method: api.endpoints.delete.method,
		// A hook already gone counts as detached.
		response: { valid: '{{statusCode == 404 || statusCode < 300}}' },
	};
}

/** The incoming request as the envelope, read where the profile's envelope map says. */
function webhookCommunication(profile: Profile, verifiable: boolean) {
	const { envelope } = profile;
	const read = (locators: Locator[] | undefined) => {
		const parts = (locators ?? []).map((l) =>
			'body' in l ? `body.${path(l.body)}` : `headers.\`${l.header}\``,
		);
		if (parts.length === 0) return '';
		return `{{${parts.reduceRight((inner, part) => (inner ? `ifempty(${part}; ${inner})` : part), '')}}}`;
	};
	const output = {
		id: read(envelope.id),
		type: read(envelope.type),
		provider: profile.id,
		occurredAt: read(envelope.occurredAt),
		deliveryId: read(envelope.deliveryId),
		accountId: read(envelope.accountId),
		verified: verifiable,
		data: `{{ifempty(body.${envelope.dataKey}; body)}}`,
	};
	if (!verifiable)
		return { respond: { status: 200, type: 'json', body: { received: true } }, output };
	const { header, prefix, algorithm, encoding } = profile.signature;
	return {
		// Make has the parsed body only; a provider that accepts the signature over
		// `JSON.stringify(body)` is checked on what toString(body) rebuilds. A mismatch is
		// answered 401 and starts nothing.
		verification: {
			condition: `{{headers.\`${header}\` != "${prefix}" + ${algorithm}(${imlContent(profile)}; "${encoding}"; connection.signingSecret)}}`,
			respond: { status: 401, type: 'json', body: { error: 'signature_mismatch' } },
		},
		respond: { status: 200, type: 'json', body: { received: true } },
		output,
	};
}

function makeSample(profile: Profile) {
	const event = sampleEvent(profile, profile.events[0]);
	return {
		id: event.id,
		type: event.type,
		provider: event.provider,
		occurredAt: event.occurredAt,
		deliveryId: event.deliveryId,
		accountId: event.accountId,
		verified: canVerifyInMake(profile),
		data: event.data,
	};
}

function titleOf(profile: Profile, type: string): string {
	return profile.events.find((e) => e.type === type)?.title ?? type;
}

/** `data.subscription._id` → IML path; numeric segments are 1-based array indexes in IML. */
function path(dotted: string): string {
	return dotted
		.split('.')
		.map((segment) => (/^\d+$/.test(segment) ? String(Number(segment) + 1) : segment))
		.join('.');
}
