import { z } from 'zod/v4';
import type { Credentials, ManagementApi, Profile } from '@hookbridge/core';
import { textSchema, urlSchema } from './config-fields';

/** A source whose webhook the gateway registers itself, through the provider's API. */
export interface SubscribeConfig {
	/** Where the provider is told to send: this gateway's `/in/<id>` as the internet sees it. */
	publicUrl: string;
	/** Event types to subscribe to; the profile's whole catalog when the file names none. */
	events: string[];
	/** Keyed as the profile's `api.credentials` name them, ready for `shared/subscriptions`. */
	credentials: Credentials;
}

/** Spellings the file may use for a credential key (the issue's example, the CLI's flag). */
const CREDENTIAL_ALIASES: Readonly<Record<string, string>> = { workspace: 'workspaceId' };

const subscribeShape = {
	apiKey: textSchema.describe('The provider API key the gateway registers its webhook with.'),
	publicUrl: urlSchema().describe(
		"This source's `/in/<id>` URL as the provider reaches it: https (http only to a loopback host, with `allowLoopback`).",
	),
	events: z
		.array(z.string())
		.min(1, { error: 'list at least one event type, or leave the field out for all' })
		.optional()
		.describe("Event types to subscribe to. Default: every type in the provider's catalog."),
	baseUrl: urlSchema()
		.optional()
		.describe(
			"The provider's API base URL, to point at a reference provider. Default: its real one.",
		),
	workspace: textSchema
		.optional()
		.describe('The workspace id, for APIs whose profile has a `workspaceId` credential.'),
};

/** Open beyond its fixed fields: the rest are the provider's credentials, checked per profile. */
export const subscribeSchema = z
	.object(subscribeShape)
	.catchall(
		textSchema.describe(
			"Any other credential the provider's API takes, keyed as its profile names it.",
		),
	);

export type SubscribeInput = z.output<typeof subscribeSchema>;

type Issue = { path: (string | number)[]; message: string };

/** What is wrong with `subscribe` for this provider: no API, credentials, event types. */
export function subscribeIssues(profile: Profile, subscribe: SubscribeInput): Issue[] {
	if (!profile.api) {
		const message = `${profile.name} has no management API: paste this source's URL into its dashboard and set \`secrets\` instead`;
		return [{ path: [], message }];
	}
	const issues = credentialIssues(profile.api, subscribe);
	(subscribe.events ?? []).forEach((type, i) => {
		if (!catalogAccepts(profile, type)) {
			issues.push({
				path: ['events', i],
				message: `"${type}" is not in the ${profile.name} event catalog`,
			});
		}
	});
	if (!subscribe.events && catalogTypes(profile).length === 0) {
		const message = `required: ${profile.name} publishes no event catalog to subscribe to`;
		issues.push({ path: ['events'], message });
	}
	return issues;
}

/** Extra keys must be the profile's credentials, and its required credentials must be there. */
function credentialIssues(api: ManagementApi, subscribe: SubscribeInput): Issue[] {
	const keys = api.credentials.map((field) => field.key);
	const fixed = Object.keys(subscribeShape).filter((key) => {
		const target = CREDENTIAL_ALIASES[key];
		return target === undefined || keys.includes(target);
	});
	const allowed = [...new Set([...fixed, ...keys])].join(', ');
	const extras = extraFields(subscribe);
	const issues: Issue[] = [];
	for (const key of Object.keys(extras)) {
		const target = CREDENTIAL_ALIASES[key] ?? key;
		if (!keys.includes(target)) {
			issues.push({ path: [key], message: `unknown field; allowed here: ${allowed}` });
		} else if (target !== key && extras[target] !== undefined) {
			issues.push({ path: [key], message: `set ${key} or ${target}, not both` });
		}
	}
	const credentials = credentialsOf(subscribe);
	for (const field of api.credentials) {
		if (field.required && credentials[field.key] === undefined) {
			issues.push({ path: [field.key], message: `required: the ${field.label} the API asks for` });
		}
	}
	return issues;
}

/** The credential fields: everything but the fixed ones, `workspace` included when set. */
function extraFields(subscribe: SubscribeInput): Record<string, string> {
	const { apiKey: _k, publicUrl: _u, events: _e, baseUrl: _b, workspace, ...rest } = subscribe;
	return workspace === undefined ? rest : { ...rest, workspace };
}

function credentialsOf(subscribe: SubscribeInput): Credentials {
	const credentials: Credentials = { apiKey: subscribe.apiKey };
	if (subscribe.baseUrl !== undefined) credentials.baseUrl = subscribe.baseUrl;
	for (const [key, value] of Object.entries(extraFields(subscribe))) {
		credentials[CREDENTIAL_ALIASES[key] ?? key] = value;
	}
	return credentials;
}

/** The parsed form, with the default event list filled in. */
export function subscription(profile: Profile, subscribe: SubscribeInput): SubscribeConfig {
	return {
		publicUrl: subscribe.publicUrl,
		events: subscribe.events ?? catalogTypes(profile),
		credentials: credentialsOf(subscribe),
	};
}

/**
 * Whether a profile's catalog lists a type, for typo checks. An empty open catalog (a generic
 * scheme such as Standard Webhooks) has no list to check against, so it accepts any type.
 */
export function catalogAccepts(profile: Profile, type: string): boolean {
	if (profile.openCatalog && profile.events.length === 0) return true;
	return profile.events.some((event) => event.type === type);
}

/** What "all events" means to subscribe to: the catalog, minus types only a test button sends. */
function catalogTypes(profile: Profile): string[] {
	return profile.events
		.map((event) => event.type)
		.filter((type) => !profile.testEventTypes.includes(type));
}
