import type { ICredentialType, INodeProperties } from 'n8n-workflow';
import type { Profile } from '../../shared/providers/profile';

/** `acme` → `acmeApi`, `acme-cloud` → `acmeCloudApi`. */
export function credentialName(profile: Profile): string {
	return `${profile.id.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}Api`;
}

/**
 * The credential type for a profile: API providers' keys (applied to requests by n8n through
 * `authenticate`, tested with a list call), or a manual-mode provider's signing secret.
 */
export function hookbridgeCredential(profile: Profile): new () => ICredentialType {
	const name = credentialName(profile);
	const api = profile.api;
	const properties: INodeProperties[] = api
		? [
				...api.credentials.map((field) => ({
					displayName: field.label,
					name: field.key,
					type: 'string' as const,
					typeOptions: field.secret ? { password: true } : undefined,
					required: field.required,
					default: '',
					description: field.description,
				})),
				{
					displayName: 'API Base URL',
					name: 'baseUrl',
					type: 'string',
					default: api.baseUrl,
					description: 'Change only for a self-hosted or reference instance',
				},
			]
		: [
				{
					displayName: 'Signing Secret',
					name: 'signingSecret',
					type: 'string',
					typeOptions: { password: true },
					required: !profile.secret.optional,
					default: '',
					description: `The signing secret ${profile.name} shows for the webhook`,
				},
				{
					displayName: 'Previous Signing Secret',
					name: 'previousSigningSecret',
					type: 'string',
					typeOptions: { password: true },
					default: '',
					description: 'During a rotation, the old secret; both are accepted until you clear it',
				},
				...(profile.secret.optional
					? [
							{
								displayName: 'Accept Unsigned Deliveries',
								name: 'allowUnsigned',
								type: 'boolean' as const,
								default: false,
								description: `Whether to accept deliveries without a signature, only if you set no secret in ${profile.name}`,
							},
						]
					: []),
			];
	// `{apiKey}` in the profile's header templates → n8n's `{{$credentials.apiKey}}`.
	const headers = Object.fromEntries(
		Object.entries(api?.headers ?? {}).map(([header, template]) => [
			header,
			`=${template.replace(/\{(\w+)\}/g, '{{$credentials.$1}}')}`,
		]),
	);
	return class implements ICredentialType {
		name = name;
		displayName = api ? `${profile.name} API` : `${profile.name} Webhook Secret`;
		documentationUrl = profile.docsUrl;
		icon = 'file:hookbridge.svg' as const;
		properties = properties;
		authenticate = api ? { type: 'generic' as const, properties: { headers } } : undefined;
		test = api
			? {
					request: {
						baseURL: '={{$credentials.baseUrl}}',
						url: api.endpoints.list.path.replace('{id}', ''),
						method: api.endpoints.list.method,
					},
				}
			: undefined;
	} as new () => ICredentialType;
}
