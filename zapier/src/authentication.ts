import type { Bundle, ZObject } from 'zapier-platform-core';
import { checkSecret, type Profile, subscriptions, WebhookError } from '@hookbridge/core';
import { credentialsFrom } from './credentials';
import { toZapierError } from './zapier-error';
import { zRequest } from './z-request';

/**
 * The connection: API providers ask for their credentials (and an optional base URL, to point
 * the app at a self-hosted or reference instance) and test them with a list call; manual-mode
 * providers ask for the signing secret their dashboard shows.
 */
export function authenticationFor(profile: Profile) {
	if (profile.api) {
		const api = profile.api;
		const accountField = api.credentials.find((field) => field.role === 'account');
		return {
			type: 'custom' as const,
			fields: [
				...api.credentials.map((field) => ({
					key: field.key,
					label: field.label,
					required: field.required,
					type: field.secret ? ('password' as const) : ('string' as const),
					helpText: field.description,
				})),
				{
					key: 'baseUrl',
					label: 'API Base URL',
					required: false,
					type: 'string' as const,
					helpText: `Leave empty for ${api.baseUrl}. Set it to use a self-hosted or reference instance.`,
				},
			],
			test: async (z: ZObject, bundle: Bundle) => {
				try {
					const credentials = credentialsFrom(profile, bundle);
					const request = subscriptions.listRequest(profile, credentials, { perPage: 1 });
					const { items } = subscriptions.parseListResponse(profile, await zRequest(z, request));
					return { webhooks: items.length };
				} catch (error) {
					throw toZapierError(z, error);
				}
			},
			connectionLabel: accountField
				? `${profile.name} {{bundle.authData.${accountField.key}}}`
				: profile.name,
		};
	}
	return {
		type: 'custom' as const,
		fields: [
			{
				key: 'signingSecret',
				label: 'Signing Secret',
				required: !profile.secret.optional,
				type: 'password' as const,
				helpText: `The signing secret ${profile.name} shows for this webhook in its dashboard.`,
			},
			{
				key: 'previousSigningSecret',
				label: 'Previous Signing Secret',
				required: false,
				type: 'password' as const,
				helpText:
					'While you rotate the secret, the old one; both are accepted until you remove it.',
			},
			...(profile.secret.optional
				? [
						{
							key: 'allowUnsigned',
							label: 'Accept Unsigned Deliveries',
							required: false,
							type: 'boolean' as const,
							default: 'false',
							helpText: `Only if you set no signing secret in ${profile.name}: anyone who learns the Zap's URL could then send events.`,
						},
					]
				: []),
		],
		test: secretConnectionTest(profile),
		connectionLabel: `${profile.name} webhook`,
	};
}

/**
 * Manual mode's connection test: a secret is required unless unsigned deliveries are allowed,
 * and a secret that cannot be a key (empty after whsec_, not base64) is refused here, when the
 * user connects, rather than on the first delivery.
 */
function secretConnectionTest(profile: Profile) {
	return async (z: ZObject, bundle: Bundle) => {
		const auth = bundle.authData as Record<string, string | undefined>;
		if (!auth.signingSecret && String(auth.allowUnsigned) !== 'true') {
			throw new z.errors.Error(
				`Enter the signing secret from ${profile.name}'s dashboard.`,
				'missing_secret',
				400,
			);
		}
		for (const secret of [auth.signingSecret, auth.previousSigningSecret]) {
			if (!secret) continue;
			try {
				checkSecret(profile, secret);
			} catch (error) {
				if (error instanceof WebhookError) throw new z.errors.Error(error.message, error.code, 400);
				throw error;
			}
		}
		return { signed: Boolean(auth.signingSecret) };
	};
}
