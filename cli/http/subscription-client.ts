import {
	type Credentials,
	getProfile,
	type Profile,
	type SubscribeArgs,
	type Subscription,
	subscriptions as calls,
} from '@hookbridge/core';
import { executeRequest } from './execute-request';

/**
 * The pure request builders executed with the CLI's HTTP client (http-request.ts): what the CLI, the demo and the gateway use to manage
 * subscriptions. Platforms execute the same builders with their own clients instead.
 */
export class SubscriptionClient {
	readonly profile: Profile;

	constructor(
		profileOrId: Profile | string,
		private readonly credentials: Credentials,
		private readonly execute = executeRequest,
	) {
		this.profile = getProfile(profileOrId);
	}

	async subscribe(args: SubscribeArgs): Promise<{ id: string; secret: string }> {
		const { request, secret } = calls.subscribeRequest(this.profile, this.credentials, args);
		return calls.parseSubscribeResponse(this.profile, await this.execute(request), secret);
	}

	async unsubscribe(id: string): Promise<{ deleted: boolean; alreadyGone: boolean }> {
		const request = calls.unsubscribeRequest(this.profile, this.credentials, id);
		return calls.parseUnsubscribeResponse(this.profile, await this.execute(request));
	}

	/** Every subscription, following pagination to the last page. */
	list(): Promise<Subscription[]> {
		return calls.listAllSubscriptions(this.profile, this.credentials, this.execute);
	}

	async update(id: string, changes: calls.SubscriptionChanges): Promise<void> {
		const request = calls.updateRequest(this.profile, this.credentials, id, changes);
		calls.parseUpdateResponse(this.profile, await this.execute(request));
	}

	async test(id: string): Promise<void> {
		const request = calls.testRequest(this.profile, this.credentials, id);
		calls.parseTestResponse(this.profile, await this.execute(request));
	}

	async catalog(): Promise<calls.CatalogEntry[]> {
		const request = calls.catalogRequest(this.profile, this.credentials);
		return calls.parseCatalogResponse(this.profile, await this.execute(request));
	}
}
