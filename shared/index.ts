// hookbridge's public surface: receive deliveries, look up profiles, build subscription calls.
// The CLI, the gateway and the reference provider use only what is exported here.
export {
	DuplicateEventError,
	InvalidSecretError,
	PayloadError,
	PayloadTooLargeError,
	WebhookError,
	WebhookVerificationError,
	WEBHOOK_ERROR_STATUS,
	type WebhookErrorCode,
} from './errors/webhook-error';
export { SubscriptionError, type SubscriptionErrorCode } from './errors/subscription-error';
export { getProfile, profiles, providerIds } from './providers';
export { standardWebhooks } from './providers/standard-webhooks';
/** The profile hookbridge's own relays are signed and verified with: Standard Webhooks. */
export { standardWebhooks as relayProfile } from './providers/standard-webhooks';
export type {
	DeliveryPolicy,
	Endpoint,
	EventDefinition,
	Locator,
	ManagementApi,
	Profile,
} from './providers/profile';
export type { PersonaApi, ProviderPersona } from './providers/provider-persona';
export { checkSecret } from './receive/check-secret';
export { signsUrl, withQuery } from './receive/signs-url';
export { SigningSecrets, secretsPreparer, signingSecrets } from './receive/signing-secrets';
export { MemoryDedupeStore } from './receive/memory-dedupe-store';
export {
	DEFAULT_MAX_BYTES,
	dedupeKey,
	forgetEvent,
	receive,
	verifyDelivery,
} from './receive/receive';
export type { HeaderInput } from './receive/header-map';
export type {
	DedupeStore,
	Delivery,
	NormalizedEvent,
	ReceiveOptions,
	ValidationIssue,
} from './receive/types';
export { signDelivery } from './sign/sign-delivery';
export { relayBody, relayMessageId } from './sign/relay-body';
export { buildDelivery, type BuiltDelivery, type OutgoingEvent } from './sign/build-delivery';
export * as subscriptions from './subscriptions';
export { generateSecret } from './subscriptions/generate-secret';
export { parseJsonText } from './subscriptions/parse-json-text';
export type {
	Credentials,
	RequestDescription,
	ResponseDescription,
	SubscribeArgs,
	Subscription,
} from './subscriptions/types';
export { sampleDelivery, sampleEvent, subscribableTypes } from './catalog/sample-event';
export { humanize, outputFields, type OutputField } from './catalog/output-fields';
export { loadProfile, ProfileFileError, type ProfileIssue } from './profile-file/load-profile';
export {
	profileFileSchema,
	type ProfileFile,
	type ProfileFileInput,
} from './profile-file/profile-file-schema';
export { profileToFile } from './profile-file/profile-to-file';
export { profileJsonSchema } from './profile-file/profile-json-schema';
