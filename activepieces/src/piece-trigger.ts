import { createTrigger, Property, TriggerStrategy } from '@activepieces/pieces-framework';
import type { Store } from '@activepieces/pieces-framework';
import { executeRequest } from '../../cli/http/execute-request';
import { sampleEvent, subscribableTypes } from '../../shared/catalog/sample-event';
import type { Profile } from '../../shared/providers/profile';
import {
	ensureSubscription,
	removeSubscription,
} from '../../shared/subscriptions/ensure-subscription';
import type { HookRecord } from '../../shared/subscriptions/ensure-subscription';
import type { Credentials } from '../../shared/subscriptions/types';
import type { NormalizedEvent } from '../../shared/receive/types';
import { acceptDelivery, type TriggerRun } from './accept-delivery';
import { HOOK_KEY } from './hook-key';
import { connectionProps, type pieceAuth, secretProblem } from './piece-auth';

interface TriggerProps {
	events?: string[];
	ignoreDuplicates?: boolean;
	dataOnly?: boolean;
}

/**
 * The one trigger of a profile's piece: a WEBHOOK trigger that subscribes through the
 * provider's API where it has one (manual mode: the user pastes the flow's URL into the
 * provider's dashboard), verifies every delivery's raw body, drops repeats, and returns the
 * normalised event; forgeries and duplicates return nothing, so no run starts.
 */
export function pieceTrigger(profile: Profile, auth: ReturnType<typeof pieceAuth>) {
	const catalog = profile.api ? subscribableTypes(profile) : profile.events.map((e) => e.type);
	const first = profile.events.find((e) => catalog.includes(e.type)) ?? profile.events[0];
	return createTrigger({
		auth,
		name: 'verified_event',
		displayName: `New ${profile.name} event`,
		description: `Starts the flow on verified ${profile.name} webhook events`,
		type: TriggerStrategy.WEBHOOK,
		props: triggerProps(profile, catalog),
		sampleData: sampleEvent(profile, first),
		onEnable: (context) => enableHook(profile, context),
		onDisable: (context) => disableHook(profile, context),
		async run(context) {
			const props = context.propsValue as TriggerProps;
			const event = await acceptDelivery(profile, runOf(context, props));
			return event ? [output(event, props)] : [];
		},
		async test(context) {
			const props = context.propsValue as TriggerProps;
			const types = props.events?.length ? props.events : catalog;
			return types.map((type) => output(sampleOf(profile, type), props));
		},
	});
}

interface HookContext {
	auth: unknown;
	store: Store;
	webhookUrl: string;
	propsValue: unknown;
	flows?: { current?: { id?: string } };
}

/**
 * Subscribes the flow's URL through the provider's API, reusing the kept hook when it still
 * fits (enable is idempotent). Manual mode has nothing to subscribe: the connection's secret
 * is checked, so a flow that could never verify a delivery is not switched on.
 */
async function enableHook(profile: Profile, context: HookContext): Promise<void> {
	const props = connectionProps(context.auth);
	if (!profile.api) {
		const problem = secretProblem(profile, props);
		if (problem) throw new Error(problem);
		return;
	}
	const kept = await context.store.get<HookRecord>(HOOK_KEY);
	const record = await ensureSubscription(
		profile,
		credentialsOf(props),
		executeRequest,
		{
			url: context.webhookUrl,
			events: (context.propsValue as TriggerProps).events ?? [],
			description: `Activepieces: flow ${context.flows?.current?.id ?? ''}`.trim(),
		},
		kept,
	);
	await context.store.put(HOOK_KEY, record);
}

async function disableHook(profile: Profile, context: HookContext): Promise<void> {
	if (!profile.api) return;
	const record = await context.store.get<HookRecord>(HOOK_KEY);
	if (record) {
		const credentials = credentialsOf(connectionProps(context.auth));
		try {
			await removeSubscription(profile, credentials, executeRequest, record.id); // gone is fine
		} catch (error) {
			// Disabling the flow must not fail on the provider: the record stays, so the next
			// enable deletes this hook before it subscribes again.
			console.warn(`hookbridge: ${profile.name} hook not deleted (${(error as Error).message})`);
			return;
		}
	}
	await context.store.delete(HOOK_KEY);
}

function sampleOf(profile: Profile, type: string): NormalizedEvent {
	return sampleEvent(
		profile,
		profile.events.find((e) => e.type === type),
	);
}

function triggerProps(profile: Profile, catalog: string[]) {
	const options = catalog.map((type) => {
		const event = profile.events.find((e) => e.type === type);
		return { label: event ? `${event.title} (${type})` : type, value: type };
	});
	const setup = [
		`Copy this URL into ${profile.name} and pick the same events there: **{{webhookUrl}}**`,
		profile.manualSetup ?? '',
		'Deliveries without a valid signature start no run.',
	].join('\n\n');
	return {
		...(profile.api ? {} : { setup: Property.MarkDown({ value: setup }) }),
		events: Property.StaticMultiSelectDropdown({
			displayName: 'Events',
			description: profile.api
				? 'The events to subscribe to'
				: 'Only these events start the flow (none selected: every event)',
			required: Boolean(profile.api),
			options: { options },
		}),
		ignoreDuplicates: Property.Checkbox({
			displayName: 'Ignore duplicates',
			description: 'Drop a repeat of an event already received (providers retry)',
			required: false,
			defaultValue: true,
		}),
		dataOnly: Property.Checkbox({
			displayName: 'Data only',
			description: 'Output only the event data instead of the whole envelope',
			required: false,
			defaultValue: false,
		}),
	};
}

/** The connection's values as the shared request builders name them. */
function credentialsOf(props: Record<string, unknown>): Credentials {
	const strings = Object.entries(props).filter(
		(entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '',
	);
	return Object.fromEntries(strings) as Credentials;
}

function runOf(
	context: {
		auth: unknown;
		store: Store;
		webhookUrl: string;
		payload: TriggerRun['payload'];
	},
	props: TriggerProps,
): TriggerRun {
	return {
		connection: connectionProps(context.auth),
		store: context.store,
		webhookUrl: context.webhookUrl,
		payload: context.payload,
		events: props.events ?? [],
		ignoreDuplicates: props.ignoreDuplicates !== false,
	};
}

function output(event: NormalizedEvent, props: TriggerProps): unknown {
	return props.dataOnly ? event.data : event;
}
