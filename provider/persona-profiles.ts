import { type Profile, profiles, relayProfile } from '@hookbridge/core';
import { PersonaError } from './routes/persona-error';

const RESERVED = new Set(['dashboard']);

/**
 * The providers this reference provider impersonates: every built-in profile but Standard
 * Webhooks (a scheme that hookbridge's own relays speak, not a provider with accounts), and the
 * profile files it was started with (a file's profile replaces a built-in of the same id). Every
 * route, the dashboards and the dispatcher look providers up here, so a profile file gets the
 * same accounts, dashboard, signing, retries and delivery log as the built-in providers.
 */
export class PersonaProfiles {
	readonly #byId = new Map<string, Profile>();

	constructor(extra: readonly Profile[] = []) {
		for (const profile of Object.values(profiles)) {
			if (profile !== relayProfile) this.#byId.set(profile.id, profile);
		}
		for (const profile of extra) this.#byId.set(profile.id, profile);
		// An API persona is served under /<id>: that must not be a folder of the provider's own.
		const taken = this.all().find((p) => p.api && RESERVED.has(p.id));
		if (taken) throw new Error(`A provider with an API cannot be called "${taken.id}" here.`);
	}

	/** The profile of a provider id; a 404 for one not impersonated here. */
	get(id: string): Profile {
		const profile = this.#byId.get(id);
		if (!profile) throw new PersonaError(404, 'not_found', `No provider "${id}" here.`);
		return profile;
	}

	has(id: string): boolean {
		return this.#byId.has(id);
	}

	all(): Profile[] {
		return [...this.#byId.values()];
	}
}
