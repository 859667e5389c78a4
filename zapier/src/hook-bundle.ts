import type { Bundle } from 'zapier-platform-core';

/** What performSubscribe returns; Zapier keeps it and hands it back as bundle.subscribeData. */
export type Subscription = { id: string; secret: string };

/**
 * core 19 types bundle.subscribeData as `{ id: string }`; widen it with the secret. Optional,
 * so a plain Bundle still fits the hook operation's function types.
 */
export type HookBundle = Bundle & { subscribeData?: { id: string; secret?: string } };
