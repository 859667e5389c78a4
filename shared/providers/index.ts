import { PayloadError } from '../errors/webhook-error';
import { flowella } from './flowella';
import { github } from './github';
import { inboundflow } from './inboundflow';
import type { Profile } from './profile';
import { shopify } from './shopify';
import { slack } from './slack';
import { standardWebhooks } from './standard-webhooks';
import { stripe } from './stripe';
import { svix } from './svix';
import { twilio } from './twilio';
import { velaflows } from './velaflows';
import { vellocity } from './vellocity';

/** Every built-in profile by id. Adding a provider is adding a file and a line here. */
export const profiles: Readonly<Record<string, Profile>> = Object.freeze({
	velaflows,
	vellocity,
	flowella,
	inboundflow,
	'standard-webhooks': standardWebhooks,
	// Written as profile-file data and loaded as a user's file is (see profile-file/).
	github,
	stripe,
	shopify,
	slack,
	twilio,
	svix,
});

export const providerIds = Object.keys(profiles);

/** Looks a profile up by id, or passes a profile object through. */
export function getProfile(profileOrId: Profile | string): Profile {
	if (typeof profileOrId !== 'string') return profileOrId;
	const profile = Object.hasOwn(profiles, profileOrId) ? profiles[profileOrId] : undefined;
	if (!profile) {
		throw new PayloadError(
			'unknown_provider',
			`Unknown provider. Use one of: ${providerIds.join(', ')}.`,
		);
	}
	return profile;
}
