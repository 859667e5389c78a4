import type {
	IHookFunctions,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { subscribableTypes } from '../../shared/catalog/sample-event';
import type { Profile } from '../../shared/providers/profile';
import { credentialName } from './hookbridge-credential';
import { receiveWebhook } from './receive-webhook';
import { assertUsableSecret, signingSecretTest } from './signing-secret-check';
import { webhookLifecycle } from './webhook-lifecycle';

const SECRET_TEST = 'signingSecretTest';

/**
 * The trigger node class for a profile. Every node file is one line that names its profile,
 * so no node repeats another: events come from the catalog, lifecycle and verification from
 * the shared core.
 */
export function hookbridgeTrigger(profile: Profile): new () => INodeType {
	const credentialType = credentialName(profile);
	const description = describe(profile, credentialType);
	const lifecycle = profile.api ? webhookLifecycle(profile, credentialType) : undefined;
	const webhook = receiveWebhook(profile, credentialType);
	return class implements INodeType {
		description = description;
		webhookMethods = lifecycle
			? { default: lifecycle }
			: {
					default: {
						// Manual mode: the user pastes the URL into the provider's dashboard.
						async checkExists(this: IHookFunctions) {
							return true;
						},
						async create(this: IHookFunctions) {
							await assertUsableSecret(this, profile, credentialType);
							return true;
						},
						async delete(this: IHookFunctions) {
							return true;
						},
					},
				};
		methods = lifecycle
			? undefined
			: { credentialTest: { [SECRET_TEST]: signingSecretTest(profile) } };
		async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
			return webhook.call(this);
		}
	};
}

function describe(profile: Profile, credentialType: string): INodeTypeDescription {
	const name = `${profile.id.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}Trigger`;
	const options = (
		profile.api ? subscribableTypes(profile) : profile.events.map((e) => e.type)
	).map((type) => {
		const event = profile.events.find((e) => e.type === type);
		return {
			name: event ? `${event.title} (${type})` : type,
			value: type,
			description: event?.description ?? '',
		};
	});
	const properties: INodeProperties[] = [];
	if (!profile.api) {
		properties.push({
			displayName: [
				`Copy this node's Production URL (Webhook URLs above) into ${profile.name}, pick the same events there, and put the signing secret it shows into the credential.`,
				// Where that is, in the provider's own words (profile data).
				...(profile.manualSetup ? [profile.manualSetup] : []),
				'Deliveries without a valid signature are refused with 401.',
			].join(' '),
			name: 'setupNotice',
			type: 'notice',
			default: '',
		});
	}
	if (options.length > 0) {
		properties.push({
			displayName: 'Events',
			name: 'events',
			type: 'multiOptions',
			required: Boolean(profile.api),
			default: [],
			options,
			description: profile.api
				? 'The events to subscribe to'
				: 'Only these events start the workflow (none selected: every event)',
		});
	}
	properties.push({
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Data Only',
				name: 'dataOnly',
				type: 'boolean',
				default: false,
				description: 'Whether to output only the event data instead of the whole envelope',
			},
			{
				displayName: 'Ignore Duplicates',
				name: 'ignoreDuplicates',
				type: 'boolean',
				default: true,
				description: 'Whether to drop a repeat of an event already received (providers retry)',
			},
			{
				displayName: 'Include Headers',
				name: 'includeHeaders',
				type: 'boolean',
				default: false,
				description: 'Whether to add the request headers to the output',
			},
		],
	});
	return {
		displayName: `${profile.name} Trigger`,
		name,
		icon: 'file:hookbridge.svg',
		group: ['trigger'],
		version: 1,
		subtitle: profile.api ? '={{$parameter["events"].join(", ")}}' : `${profile.name} webhook`,
		description: `Starts the workflow on verified ${profile.name} webhook events`,
		defaults: { name: `${profile.name} Trigger` },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: credentialType,
				required: !profile.secret.optional || Boolean(profile.api),
				// Manual mode has no API to call: the Test button checks the secret itself.
				...(profile.api ? {} : { testedBy: SECRET_TEST }),
			},
		],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties,
	};
}
