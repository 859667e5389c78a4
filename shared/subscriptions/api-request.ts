import { SubscriptionError } from '../errors/subscription-error';
import type { Endpoint, ManagementApi, Profile } from '../providers/profile';
import type { Credentials, RequestDescription } from './types';

type EndpointName = keyof ManagementApi['endpoints'];

export interface RequestParts {
	id?: string;
	query?: Record<string, string | number>;
	body?: unknown;
}

/** The profile's management API, or a typed error for manual-mode providers. */
export function managementApi(profile: Profile): ManagementApi {
	if (!profile.api) {
		throw new SubscriptionError(
			'unsupported_operation',
			`${profile.name} has no management API: paste the webhook URL into its dashboard instead.`,
		);
	}
	return profile.api;
}

/** Describes one management-API call: URL from base + endpoint, auth headers from credentials. */
export function apiRequest(
	profile: Profile,
	credentials: Credentials,
	name: EndpointName,
	parts: RequestParts = {},
): RequestDescription {
	const api = managementApi(profile);
	const endpoint: Endpoint | undefined = api.endpoints[name];
	if (!endpoint) {
		throw new SubscriptionError(
			'unsupported_operation',
			`${profile.name}'s API has no "${name}" operation.`,
		);
	}
	const base = (credentials.baseUrl || api.baseUrl).replace(/\/+$/, '');
	let url = base + endpoint.path.replace('{id}', encodeURIComponent(parts.id ?? ''));
	const query = Object.entries(parts.query ?? {});
	if (query.length > 0) {
		url += `?${query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`;
	}
	const headers: Record<string, string> = { accept: 'application/json' };
	for (const [header, template] of Object.entries(api.headers)) {
		headers[header] = template.replace(/\{(\w+)\}/g, (_, key: string) =>
			credential(profile, credentials, key),
		);
	}
	if (parts.body !== undefined) headers['content-type'] = 'application/json';
	return {
		method: endpoint.method,
		url,
		headers,
		...(parts.body === undefined ? {} : { body: parts.body }),
	};
}

function credential(profile: Profile, credentials: Credentials, key: string): string {
	const value = credentials[key];
	if (typeof value !== 'string' || value.trim() === '') {
		const field = profile.api?.credentials.find((f) => f.key === key);
		throw new SubscriptionError(
			'missing_credentials',
			`The ${profile.name} ${field?.label ?? key} is missing. Add it to the connection.`,
		);
	}
	return value.trim();
}

/** Ids travel as strings inside hookbridge; numeric-id APIs get numbers back in bodies. */
export function wireId(api: ManagementApi, id: string): string | number {
	return api.numericIds && /^\d+$/.test(id) ? Number(id) : id;
}
