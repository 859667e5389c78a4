import { profiles } from '../../shared/providers';
import { hookbridgePiece } from './hookbridge-piece';

/** A piece for every built-in profile, by profile id. */
export function builtInPieces(): Record<string, ReturnType<typeof hookbridgePiece>> {
	return Object.fromEntries(
		Object.values(profiles).map((profile) => [profile.id, hookbridgePiece(profile)]),
	);
}
