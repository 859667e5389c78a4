import { z } from 'zod/v4';

// The profile file format, as zod: the loader validates with it and the JSON Schema that ships
// in the package (profile.schema.json) is generated from it, so the two cannot drift. Optional
// parts have the defaults a user would expect of a provider nobody has described yet.

const headerName = z
	.string()
	.regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be a lower-case header name')
	.describe('Lower-case header name');
const hash = z.enum(['sha1', 'sha256', 'sha512']);
// A dotted path is walked into objects built from it too: no key may reach a prototype.
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const dottedPath = z
	.string()
	.refine((path) => !path.split('.').some((key) => UNSAFE_KEYS.has(key)), {
		error: 'must not use __proto__, constructor or prototype',
	});
const requiredPath = dottedPath.refine((path) => path !== '', { error: 'must not be empty' });
const digest = z.enum(['hex', 'base64']);

const signedPart = z.discriminatedUnion('part', [
	z.strictObject({ part: z.literal('body') }).describe('The raw body bytes'),
	z.strictObject({ part: z.literal('text'), text: z.string() }).describe('Literal text'),
	z.strictObject({ part: z.literal('header'), name: headerName }).describe("A header's value"),
	z.strictObject({ part: z.literal('timestamp') }).describe('The signed timestamp'),
	z.strictObject({ part: z.literal('url') }).describe('The URL the provider called'),
	z.strictObject({ part: z.literal('form') }).describe('Form parameters sorted by name'),
]);

export const signatureFileSchema = z.strictObject({
	algorithm: hash.default('sha256'),
	header: headerName,
	format: z.enum(['value', 'list', 'fields']).default('value'),
	prefix: z.string().default(''),
	field: z.string().min(1).optional(),
	encoding: digest.default('hex'),
	key: z.enum(['utf8', 'base64', 'whsec-base64']).default('utf8'),
	content: z
		.array(signedPart)
		.min(1)
		.default([{ part: 'body' }]),
	timestampHeader: headerName.optional(),
	timestampField: z.string().min(1).optional(),
	timestampWindow: z.enum(['both', 'past']).default('both'),
	aliases: z.array(z.record(headerName, headerName)).optional(),
	compactJsonFallback: z.boolean().default(false),
	bodyHash: z
		.strictObject({ param: z.string().min(1), algorithm: hash, encoding: digest })
		.optional(),
});

const locator = z.union([
	z.strictObject({ body: requiredPath.describe('Dotted path in the JSON body') }),
	z.strictObject({ header: headerName }),
]);
const locators = z.array(locator);

const envelopeSchema = z.strictObject({
	id: locators.min(1),
	type: locators.min(1),
	occurredAt: locators.default([]),
	deliveryId: locators.optional(),
	accountId: locators.optional(),
	test: locators.optional(),
	dataKey: dottedPath
		.default('data')
		.describe("Key of the event data; '' when the body minus flatKeys is the data"),
	flatKeys: z.array(z.string()).default([]),
});

const eventSchema = z.strictObject({
	type: z.string().min(1),
	title: z.string().min(1),
	description: z.string().default(''),
	category: z.string().optional(),
	nameSource: z.enum(['seed', 'derived']).default('seed'),
	schema: z
		.record(z.string(), z.unknown())
		.default({ type: 'object' })
		.describe("JSON Schema of the event's data (a subset: see the README)"),
	sample: z
		.record(z.string(), z.unknown())
		.describe('A whole delivery body as the provider sends it'),
});

const deliverySchema = z.strictObject({
	timeoutMs: z.number().int().positive().default(10_000),
	retryDelaysSeconds: z.array(z.number().nonnegative()).default([]),
	retryWindowSeconds: z.number().int().positive().default(86_400),
	autoDisableAfter: z.number().int().positive().nullable().default(null),
	disableOnStatus: z.array(z.number().int()).default([]),
	httpsOnly: z.boolean().default(true),
	userAgent: z.string().default('hookbridge-reference-provider'),
});

const secretSchema = z.strictObject({
	origin: z.enum(['subscriber', 'provider']).default('provider'),
	prefix: z.string().default(''),
	encoding: digest.default('hex'),
	bytes: z.number().int().min(16).max(128).default(32),
	optional: z.boolean().default(false),
});

const endpoint = z.strictObject({
	method: z.enum(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']),
	path: z.string().startsWith('/'),
});

const apiSchema = z.strictObject({
	baseUrl: z.url(),
	credentials: z
		.array(
			z.strictObject({
				key: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/),
				label: z.string().min(1),
				role: z
					.enum(['account'])
					.optional()
					.describe(
						'account: the field names the account or workspace (shown as the connection label)',
					),
				secret: z.boolean().default(false),
				required: z.boolean().default(true),
				description: z.string().default(''),
			}),
		)
		.min(1),
	headers: z.record(z.string(), z.string()).default({}),
	endpoints: z.strictObject({
		create: endpoint,
		list: endpoint,
		update: endpoint.optional(),
		delete: endpoint,
		test: endpoint.optional(),
		catalog: endpoint.optional(),
	}),
	fields: z.strictObject({
		url: requiredPath,
		events: requiredPath,
		secret: requiredPath.optional(),
		description: requiredPath.optional(),
		active: requiredPath.optional(),
		testWebhookId: requiredPath.optional(),
	}),
	numericIds: z.boolean().default(false),
	responses: z.strictObject({
		createdId: requiredPath,
		createdSecret: requiredPath.optional(),
		listItems: dottedPath.describe("Dotted path of the list; '' for a response that is the list"),
		item: z.strictObject({
			id: requiredPath,
			url: requiredPath,
			events: requiredPath,
			active: requiredPath,
		}),
		totalPages: requiredPath.optional(),
		catalogItems: requiredPath.optional(),
	}),
	pagination: z
		.strictObject({
			pageParam: z.string(),
			perPageParam: z.string(),
			defaultPerPage: z.number().int().positive().max(100),
		})
		.optional(),
	planLimits: z.record(z.string(), z.number().int().nonnegative()).optional(),
});

const members = z.record(z.string(), z.unknown());
/** An id pattern with room for enough ids that two accounts do not get the same one. */
function randomEnough(pattern: string): boolean {
	const hex = [...pattern.matchAll(/\{hex:(\d+)\}/g)].reduce((n, m) => n + Number(m[1]), 0);
	return hex + 32 * (pattern.match(/\{uuid\}/g)?.length ?? 0) >= 8;
}
// Written into answers at these dotted paths: the same guard as every other path.
const pathMembers = z.record(requiredPath, z.unknown());
const personaSchema = z
	.strictObject({
		accountId: z
			.string()
			.regex(/^(?:[A-Za-z0-9_-]|\{hex:(?:[1-9]|[1-5][0-9]|6[0-4])\}|\{uuid\})+$/, {
				error: 'must be letters, digits, _ or - with {hex:N} (N up to 64) and {uuid}',
			})
			.refine(randomEnough, {
				error: 'must hold at least 8 random hex digits ({hex:8} or {uuid}): ids are unique',
			})
			.optional()
			.describe('New account ids, as ws_{hex:12}; absent: shaped like the samples'),
		apiKeyPrefix: z
			.string()
			.regex(/^[A-Za-z0-9_-]{0,20}$/)
			.optional(),
		settings: z.enum(['webhooks', 'integrations']).optional(),
		api: z
			.strictObject({
				success: members.optional(),
				item: z
					.strictObject({
						description: requiredPath.optional(),
						createdAt: requiredPath.optional(),
						lastTriggeredAt: requiredPath.optional(),
						lastResponseCode: requiredPath.optional(),
						failureCount: requiredPath.optional(),
						fixed: pathMembers.optional(),
					})
					.optional(),
				created: pathMembers.optional(),
				deleted: members.optional(),
				listMeta: z
					.strictObject({
						total: requiredPath.optional(),
						page: requiredPath.optional(),
						perPage: requiredPath.optional(),
					})
					.optional(),
				tested: members.optional(),
				testSampleWebhookId: requiredPath.optional(),
				error: members.optional(),
				errorTitles: z.record(z.string().regex(/^[1-5][0-9]{2}$/), z.string()).optional(),
				rateLimited: z.boolean().optional(),
			})
			.optional(),
	})
	.describe('How the reference provider impersonates the provider; only it reads this');

export const profileFileSchema = z.strictObject({
	$schema: z.string().optional().describe('Editor hint: the path or URL of profile.schema.json'),
	id: z
		.string()
		.regex(/^[a-z][a-z0-9-]{1,39}$/, 'must be 2-40 lower-case letters, digits or dashes')
		.describe('Provider id, as in --provider and n8n-nodes-<id>'),
	name: z.string().min(1),
	docsUrl: z.url(),
	api: apiSchema.optional().describe('Absent = manual mode: the user pastes the URL'),
	manualSetup: z
		.string()
		.optional()
		.describe('Where the user pastes the webhook URL and finds the secret (manual mode)'),
	signature: signatureFileSchema,
	bodyFormat: z.enum(['json', 'form']).default('json'),
	envelope: envelopeSchema,
	events: z.array(eventSchema).default([]),
	categories: z
		.array(
			z.strictObject({
				id: z.string(),
				title: z.string(),
				documentedCount: z.string(),
				examples: z.string(),
			}),
		)
		.optional(),
	openCatalog: z.boolean().default(false),
	testEventTypes: z.array(z.string()).default([]),
	anyEventSample: z.record(z.string(), z.unknown()).optional(),
	delivery: deliverySchema.default(deliverySchema.parse({})),
	secret: secretSchema.default(secretSchema.parse({})),
	assumptions: z.array(z.string()).default([]),
	persona: personaSchema.optional(),
});

/** A profile file as written (optional parts may be left out). */
export type ProfileFileInput = z.input<typeof profileFileSchema>;
/** A profile file after validation, defaults filled in. */
export type ProfileFile = z.output<typeof profileFileSchema>;
