import type { FastifyRequest } from 'fastify';
import { type Profile, subscribableTypes } from '@hookbridge/core';
import { checkTargetUrl, classify, TargetRefusedError } from '../delivery/target-guard';
import type { ProviderContext } from '../provider-context';
import type { Account } from '../store/accounts';
import { PersonaError } from './persona-error';

/** The account behind `Authorization: Bearer <apiKey>`, or a 401. */
export function authenticate(
	context: ProviderContext,
	provider: string,
	request: FastifyRequest,
): Account {
	const header = request.headers.authorization ?? '';
	const match = /^Bearer\s+(\S+)$/i.exec(header);
	const account = match?.[1] ? context.accounts.findByKey(provider, match[1]) : undefined;
	if (!account) {
		throw new PersonaError(
			401,
			'unauthenticated',
			'Missing or invalid API token. Send Authorization: Bearer <token>.',
		);
	}
	return account;
}

/** Refuses targets the provider would not deliver to (HTTPS only, public addresses). */
export function checkUrl(
	context: ProviderContext,
	provider: string,
	url: string,
	pointer = '/url',
): string {
	try {
		return checkTargetUrl(url, {
			httpsOnly: context.profiles.get(provider).delivery.httpsOnly,
			allowLoopback: context.settings.allowLoopback,
		}).toString();
	} catch (error) {
		if (error instanceof TargetRefusedError)
			throw new PersonaError(422, 'invalid_url', error.message, pointer);
		throw error;
	}
}

/**
 * Event types a subscription may name: the catalog (without test-only types), and for an
 * open catalog any type in a documented category.
 */
export function checkEvents(
	profile: Profile,
	events: readonly string[],
	pointer = '/events',
): string[] {
	const catalog = subscribableTypes(profile);
	const subscribable = (type: string) => {
		if (catalog.includes(type)) return true;
		if (profile.testEventTypes.includes(type)) return false;
		const category = type.split('.', 1)[0];
		return (
			profile.openCatalog &&
			/^[a-z_]+(\.[a-z_]+)+$/.test(type) &&
			(profile.categories ?? []).some((c) => c.id === category)
		);
	};
	const unknown = events.filter((type) => !subscribable(type));
	if (unknown.length > 0) {
		throw new PersonaError(
			422,
			'unknown_event',
			`Unknown event type(s): ${unknown.slice(0, 5).join(', ')}. See the event catalog.`,
			pointer,
		);
	}
	return [...new Set(events)];
}

/**
 * Whether a socket's remote address is this host (admin API and dashboard callers). Asks the
 * delivery guard's classifier, so "loopback" means one thing in the provider: 127/8, ::1, and
 * 127/8 as IPv4-mapped (::ffff:127.0.0.1, how a dual-stack socket reports an IPv4 caller).
 */
export function isLoopback(address: string | undefined): boolean {
	return address !== undefined && classify(address) === 'loopback';
}
