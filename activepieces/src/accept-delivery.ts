import type { Store } from '@activepieces/pieces-framework';
import { WebhookError } from '../../shared/errors/webhook-error';
import type { Profile } from '../../shared/providers/profile';
import { dedupeKey, verifyDelivery } from '../../shared/receive/receive';
import { signsUrl, withQuery } from '../../shared/receive/signs-url';
import type { NormalizedEvent } from '../../shared/receive/types';
import type { HookRecord } from '../../shared/subscriptions/ensure-subscription';
import { HOOK_KEY } from './hook-key';
import { storeDedupe } from './store-dedupe';

/** What a run of the trigger has to go on. */
export interface TriggerRun {
	connection: Record<string, unknown>;
	store: Store;
	webhookUrl: string;
	payload: {
		rawBody?: unknown;
		headers: Record<string, string>;
		queryParams: Record<string, string>;
	};
	events: string[];
	ignoreDuplicates: boolean;
}

/**
 * The event of a delivery that is genuine, wanted and new, else undefined (and a line in the
 * run's log saying why, never the secret). The signature is checked over `payload.rawBody`,
 * the text Activepieces kept of the body: without it nothing can be verified, so nothing runs.
 */
export async function acceptDelivery(
	profile: Profile,
	run: TriggerRun,
): Promise<NormalizedEvent | undefined> {
	const body = rawBytes(run.payload.rawBody);
	if (!body) return refused(profile, 'no raw body reached the trigger; nothing can be verified');
	const { secrets, unsigned } = await secretsFor(profile, run);
	let event: NormalizedEvent;
	try {
		event = verifyDelivery(
			profile,
			{
				headers: run.payload.headers,
				body,
				...(signsUrl(profile) ? { url: urlOf(run) } : {}),
			},
			// Activepieces stores run output as JSON: refuse what would not survive that.
			{ secrets, skipVerification: unsigned, strictJson: true },
		);
	} catch (error) {
		if (error instanceof WebhookError) return refused(profile, `${error.code}: ${error.message}`);
		throw error;
	}
	// The dashboard's "Send test" always comes through, so users see their setup work.
	if (!profile.api && !event.test && run.events.length > 0 && !run.events.includes(event.type)) {
		return undefined;
	}
	if (run.ignoreDuplicates) {
		const seen = await storeDedupe(run.store).remember(
			dedupeKey(event),
			profile.delivery.retryWindowSeconds,
			Date.now(),
		);
		if (seen) return undefined;
	}
	return event;
}

/** The body's bytes: Activepieces passes text (a Buffer is taken as it is). */
function rawBytes(raw: unknown): Buffer | undefined {
	if (typeof raw === 'string') return Buffer.from(raw, 'utf8');
	if (Buffer.isBuffer(raw)) return raw;
	return undefined;
}

async function secretsFor(
	profile: Profile,
	run: TriggerRun,
): Promise<{ secrets: string[]; unsigned: boolean }> {
	if (profile.api) {
		// The hook onEnable registered; none means no secret, and no secret means refused.
		const record = await run.store.get<HookRecord>(HOOK_KEY);
		return { secrets: record?.secret ? [record.secret] : [], unsigned: false };
	}
	const secrets = [run.connection.signingSecret, run.connection.previousSigningSecret].filter(
		(s): s is string => typeof s === 'string' && s !== '',
	);
	return {
		secrets,
		unsigned:
			profile.secret.optional === true &&
			secrets.length === 0 &&
			run.connection.allowUnsigned === true,
	};
}

/** The URL the provider called: the flow's webhook URL with the query Activepieces parsed. */
function urlOf(run: TriggerRun): string {
	const query = new URLSearchParams(run.payload.queryParams).toString();
	return withQuery(run.webhookUrl, query ? `?${query}` : '');
}

function refused(profile: Profile, reason: string): undefined {
	console.warn(`hookbridge: ${profile.name} delivery refused (${reason})`);
	return undefined;
}
