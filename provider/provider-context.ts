import type { Dispatcher } from './delivery/dispatcher';
import type { PersonaProfiles } from './persona-profiles';
import type { AccountsRepo } from './store/accounts';
import type { OutboxRepo } from './store/outbox';
import type { WebhooksRepo } from './store/webhooks';

export interface ProviderSettings {
	allowLoopback: boolean;
	timeScale: number;
	/** Management calls per API key per minute, for API personas that throttle (`rateLimited`). */
	rateLimitPerMinute: number;
}

/** What every route needs: the repositories, the dispatcher and the operator's settings. */
export interface ProviderContext {
	accounts: AccountsRepo;
	webhooks: WebhooksRepo;
	outbox: OutboxRepo;
	dispatcher: Dispatcher;
	settings: ProviderSettings;
	/** The providers impersonated: built-in profiles and profile files. */
	profiles: PersonaProfiles;
}
