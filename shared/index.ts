// hookbridge's public surface: receive deliveries, look up profiles, build subscription calls.
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
export type { EventDefinition, Profile } from './providers/profile';
export { checkSecret } from './receive/check-secret';
export { SigningSecrets, signingSecrets } from './receive/signing-secrets';
export { MemoryDedupeStore } from './receive/memory-dedupe-store';
export { forgetEvent, receive, verifyDelivery } from './receive/receive';
export type {
	DedupeStore,
	Delivery,
	NormalizedEvent,
	ReceiveOptions,
	ValidationIssue,
} from './receive/types';
export { signDelivery } from './sign/sign-delivery';
export * as subscriptions from './subscriptions';
export { buildDelivery, type BuiltDelivery, type OutgoingEvent } from './sign/build-delivery';
