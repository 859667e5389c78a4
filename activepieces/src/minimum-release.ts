/**
 * The oldest Activepieces release the pieces run on: the release of the context version
 * pieces-framework 0.32.0 builds (`MINIMUM_SUPPORTED_RELEASE_AFTER_LATEST_CONTEXT_VERSION`);
 * the framework raises anything lower to it, so naming a lower one would say what is not so.
 */
export const MINIMUM_SUPPORTED_RELEASE = '0.82.0';
