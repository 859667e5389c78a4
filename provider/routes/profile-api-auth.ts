import type { FastifyRequest } from 'fastify';
import type { Profile } from '@hookbridge/core';
import type { ProviderContext } from '../provider-context';
import type { Account } from '../store/accounts';
import { PersonaError } from './persona-error';

/**
 * The account behind a call to a profile's management API: the profile's header templates
 * (`authorization: Bearer {apiKey}`) read backwards to find the key, and every other templated
 * header checked against that account (its `account` role field is the account id): absent is
 * a 400 `missing_account`, anything else a 401.
 */
export function profileApiAccount(
	context: ProviderContext,
	profile: Profile,
	request: FastifyRequest,
): Account {
	const api = profile.api;
	const keyHeader = Object.entries(api?.headers ?? {}).find(([, t]) => t.includes('{apiKey}'));
	if (!api || !keyHeader) throw unauthenticated();
	const [name, template] = keyHeader;
	const sent = request.headers[name.toLowerCase()];
	// As HTTP reads such a header: the scheme in any case, any run of spaces (`bearer  KEY`).
	const literal = escape(template).replace(/ +/g, '\\s+');
	const pattern = new RegExp(`^${literal.replace('\\{apiKey\\}', '(\\S+)')}$`, 'i');
	const apiKey = typeof sent === 'string' ? pattern.exec(sent)?.[1] : undefined;
	const account = apiKey ? context.accounts.findByKey(profile.id, apiKey) : undefined;
	if (!account) throw unauthenticated();
	const accountField = api.credentials.find((field) => field.role === 'account');
	for (const [header, value] of Object.entries(api.headers)) {
		if (!accountField || !value.includes(`{${accountField.key}}`)) continue;
		const expected = value
			.replaceAll(`{${accountField.key}}`, account.id)
			.replace('{apiKey}', apiKey ?? '');
		const given = request.headers[header.toLowerCase()];
		if (given === undefined) {
			throw new PersonaError(400, 'missing_account', `The ${header} header is required.`);
		}
		if (given !== expected) throw unauthenticated();
	}
	return account;
}

function unauthenticated(): PersonaError {
	return new PersonaError(401, 'unauthenticated', 'Missing or invalid API credentials.');
}

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
