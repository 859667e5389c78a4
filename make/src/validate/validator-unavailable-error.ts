/** The check cannot run at all (as opposed to an app being invalid). */
export class ValidatorUnavailableError extends Error {
	override readonly name = 'ValidatorUnavailableError';
}
