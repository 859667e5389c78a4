import { createPiece } from '@activepieces/pieces-framework';
import type { Profile } from '../../shared/providers/profile';
import { pieceAuth } from './piece-auth';
import { pieceTrigger } from './piece-trigger';
import { MINIMUM_SUPPORTED_RELEASE } from './minimum-release';

/** The Activepieces piece of a profile: its connection and its one verified webhook trigger. */
export function hookbridgePiece(profile: Profile) {
	const auth = pieceAuth(profile);
	return createPiece({
		displayName: profile.name,
		description: `Verified, typed, deduplicated ${profile.name} webhook events (hookbridge)`,
		logoUrl: 'https://cdn.activepieces.com/pieces/webhook.svg',
		authors: ['hookbridge'],
		auth,
		minimumSupportedRelease: MINIMUM_SUPPORTED_RELEASE,
		actions: [],
		triggers: [pieceTrigger(profile, auth)],
	});
}
