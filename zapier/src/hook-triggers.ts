import {
	type EventDefinition,
	type OutputField,
	outputFields,
	type Profile,
	sampleEvent,
	subscribableTypes,
} from '@hookbridge/core';
import { deliveryPerformer } from './delivery-performer';
import type { HookBundle } from './hook-bundle';
import { subscriber, unsubscriber } from './hook-subscription';

const ANY_EVENT = 'anyEvent';

/** One hook trigger per catalogued event type plus "Any Event", all from the profile. */
export function hookTriggers(profile: Profile) {
	const triggers = profile.events.map((event) => eventTrigger(profile, event));
	triggers.push(anyEventTrigger(profile));
	return Object.fromEntries(triggers.map((trigger) => [trigger.key, trigger]));
}

/** `inbox.message.received` → `inboxMessageReceived`. */
export function triggerKey(type: string): string {
	return type.replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase());
}

function eventTrigger(profile: Profile, event: EventDefinition) {
	const mode = profile.api ? 'rest' : 'static';
	const testOnly = profile.testEventTypes.includes(event.type);
	// A test-only type cannot be subscribed to; its hook is registered for one ordinary type
	// (providers require one) and the trigger keeps only the test deliveries.
	const events = testOnly ? subscribableTypes(profile).slice(0, 1) : [event.type];
	const label = `New ${event.title}`;
	return trigger(profile, {
		key: triggerKey(event.type),
		noun: event.title,
		label,
		description: `Triggers when ${profile.name} sends ${event.type}: ${event.description.replace(/\.?$/, '.')}`,
		perform: deliveryPerformer(profile, mode, [event.type]),
		events: () => events,
		samples: () => [sampleEvent(profile, event)],
	});
}

function anyEventTrigger(profile: Profile) {
	const mode = profile.api ? 'rest' : 'static';
	const choices = Object.fromEntries(profile.events.map((e) => [e.type, `${e.title} (${e.type})`]));
	const chosen = (bundle: HookBundle) => {
		const picked = (bundle.inputData as { eventTypes?: string[] | string }).eventTypes;
		const list = Array.isArray(picked) ? picked : picked ? [picked] : [];
		return list.filter((type) => Object.hasOwn(choices, type));
	};
	return trigger(profile, {
		key: ANY_EVENT,
		noun: 'Event',
		label: 'New Event (Any Type)',
		description: `Triggers on every ${profile.name} event of the types you pick (all when you pick none).`,
		perform: async (z, bundle) => {
			const picked = chosen(bundle);
			return deliveryPerformer(profile, mode, picked.length ? picked : undefined)(z, bundle);
		},
		events: (bundle) => {
			const picked = chosen(bundle).filter((t) => !profile.testEventTypes.includes(t));
			return picked.length ? picked : subscribableTypes(profile);
		},
		samples: (bundle) => {
			const picked = chosen(bundle);
			const defs = picked.length
				? profile.events.filter((e) => picked.includes(e.type))
				: profile.events.slice(0, 3);
			return defs.length
				? defs.map((e) => sampleEvent(profile, e))
				: [sampleEvent(profile, undefined)];
		},
		inputFields: profile.events.length
			? [
					{
						key: 'eventTypes',
						label: 'Event Types',
						list: true,
						required: false,
						choices,
						helpText: 'Leave empty for every type.',
					},
				]
			: [],
	});
}

interface TriggerSpec {
	key: string;
	noun: string;
	label: string;
	description: string;
	perform: ReturnType<typeof deliveryPerformer>;
	events: (bundle: HookBundle) => string[];
	samples: (bundle: HookBundle) => ReturnType<typeof sampleEvent>[];
	inputFields?: object[];
}

function trigger(profile: Profile, spec: TriggerSpec) {
	const samples = spec.samples({ inputData: {} } as HookBundle);
	const sample = samples[0] ?? sampleEvent(profile, undefined);
	return {
		key: spec.key,
		noun: spec.noun,
		display: { label: spec.label, description: spec.description },
		operation: {
			type: 'hook' as const,
			...(spec.inputFields?.length ? { inputFields: spec.inputFields } : {}),
			...(profile.api
				? {
						performSubscribe: subscriber(profile, spec.events, spec.label),
						performUnsubscribe: unsubscriber(profile),
					}
				: {}),
			perform: spec.perform,
			// The Zap editor calls only this: the same normaliser's output as perform, from samples.
			performList: async (_z: unknown, bundle: HookBundle) => spec.samples(bundle),
			sample: sample as unknown as Record<string, unknown>,
			// A function rather than a list: core deep-copies and freezes the whole static definition
			// on every invocation, and ~550 field labels were over half of it (and of a first
			// perform's time). The editor calls this when it shows the fields; perform never does.
			outputFields: [async () => outputFields(sample).flatMap(zapierField)],
		},
	};
}

function zapierField(field: OutputField) {
	if (field.type === 'object') return [];
	const type = field.type === 'array' ? 'string' : field.type;
	return [
		{ key: field.key, label: field.label, type, ...(field.type === 'array' ? { list: true } : {}) },
	];
}
