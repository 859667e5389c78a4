import { z } from 'zod/v4';
import { type Profile, profiles, providerIds, signsUrl } from '@hookbridge/core';
import { idSchema, secretProblem, strictObject } from './config-fields';
import {
	subscribeIssues,
	subscribeSchema,
	subscription,
	type SubscribeConfig,
} from './subscribe-schema';

export interface SourceConfig {
	id: string;
	/** The profile's id (a built-in provider, or the id inside a profile file). */
	provider: string;
	/** The profile that verifies and normalises the source's deliveries. */
	profile: Profile;
	/** The URL the provider calls, for profiles that sign it (Twilio). */
	publicUrl?: string;
	/** Empty only with `subscribe`: the gateway then keeps the secret the API gives it. */
	secrets: string[];
	subscribe?: SubscribeConfig;
}

const known = providerIds.join(', ');

export const sourceSchema = strictObject({
	id: idSchema.describe('The source id: its deliveries are POSTed to `/in/<id>`. Unique.'),
	provider: z
		.enum(providerIds as [string, ...string[]], {
			error: (issue) =>
				issue.input === undefined
					? `required; one of: ${known}`
					: `unknown provider ${JSON.stringify(issue.input)}; known: ${known}`,
		})
		.optional()
		.describe(
			'The provider profile that verifies and normalises its deliveries. Required unless `profile` is set.',
		),
	profile: z
		.custom<Profile>(isProfile, { error: 'must be the path of a profile file' })
		.optional()
		.describe(
			'Instead of `provider`: a profile file (JSON or YAML, path relative to this file), for a provider hookbridge does not ship.',
		),
	secrets: z
		.array(z.string())
		.min(1, { error: 'list at least one secret, or leave the field out' })
		.optional()
		.describe(
			'Signing secrets; a delivery signed with any one is accepted (list two while rotating). Required unless `subscribe` is set.',
		),
	publicUrl: z
		.url()
		.optional()
		.describe(
			'The public URL the provider calls for this source (`…/in/<id>` behind your proxy): required for profiles that sign the URL (Twilio), whose signature covers it.',
		),
	subscribe: subscribeSchema
		.optional()
		.describe(
			'Providers with a management API only: the gateway keeps its own webhook registered, and the secret the API gives it.',
		),
})
	.superRefine((source, ctx) => {
		if ((source.provider === undefined) === (source.profile === undefined)) {
			const message = `give either provider or profile, not ${source.provider ? 'both' : 'neither'}`;
			ctx.addIssue({ code: 'custom', path: ['provider'], message });
			return;
		}
		const profile = profileOf(source);
		if (!profile) return;
		if (signsUrl(profile) && !source.publicUrl) {
			const message = `required: ${profile.name} signs the URL it calls, so the gateway must know it`;
			ctx.addIssue({ code: 'custom', path: ['publicUrl'], message });
		}
		(source.secrets ?? []).forEach((secret, i) => {
			const problem = secretProblem(profile, secret);
			if (problem) ctx.addIssue({ code: 'custom', path: ['secrets', i], message: problem });
		});
		if (source.subscribe) {
			for (const { path, message } of subscribeIssues(profile, source.subscribe)) {
				ctx.addIssue({ code: 'custom', path: ['subscribe', ...path], message });
			}
		} else if (!source.secrets) {
			ctx.addIssue({ code: 'custom', path: ['secrets'], message: missingSecretMessage(profile) });
		}
	})
	.transform((source): SourceConfig => {
		const { subscribe, provider: _id, profile: _file, ...rest } = source;
		// The refinement has checked that exactly one names a profile that exists.
		const profile = profileOf(source) as Profile;
		return {
			...rest,
			provider: profile.id,
			profile,
			secrets: source.secrets ?? [],
			...(subscribe ? { subscribe: subscription(profile, subscribe) } : {}),
		};
	});

function profileOf(source: { provider?: string | undefined; profile?: Profile | undefined }) {
	return source.profile ?? (source.provider === undefined ? undefined : profiles[source.provider]);
}

function isProfile(value: unknown): value is Profile {
	return typeof value === 'object' && value !== null && 'signature' in value && 'envelope' in value;
}

function missingSecretMessage(profile: Profile): string {
	return profile.api
		? `required: the signing secret, or \`subscribe\` for the gateway to register its own ${profile.name} webhook`
		: `required: the signing secret from ${profile.name}'s dashboard (it has no API for \`subscribe\`)`;
}
