import { loadProfile } from '@hookbridge/core';
import { type AppVersions, createApp } from './create-app';

/**
 * The entry of a generated Zapier app (`hookbridge generate zapier`): the app for the profile
 * file it ships, loaded through the same loader and made by the same createApp as the built-in
 * apps. Bundled with the core into the generated project's lib/ (scripts/bundle-adapters.mjs).
 */
export function appFromProfileFile(data: unknown, versions: AppVersions) {
	return createApp(loadProfile(data, "The app's profile.json"), versions);
}
