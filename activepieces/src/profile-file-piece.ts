import { loadProfile } from '../../shared/profile-file/load-profile';
import { hookbridgePiece } from './hookbridge-piece';

/**
 * The piece of a generated package (`hookbridge generate activepieces`), for the profile file
 * it ships: the same factory every built-in piece is made with. Bundled with the core into the
 * package's lib/ (scripts/bundle-adapters.mjs).
 */
export function pieceFromProfileFile(data: unknown) {
	return hookbridgePiece(loadProfile(data, "The piece's profile.json"));
}
