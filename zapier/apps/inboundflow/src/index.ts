// Written by `npm run connectors:write` from prebuilt-connectors.json: regenerate, do not edit.
import zapier from 'zapier-platform-core';
import { getProfile } from '@hookbridge/core';
import { createApp } from '../../../src/create-app';
import packageJson from '../package.json';

export default createApp(getProfile('inboundflow'), {
	version: packageJson.version,
	platformVersion: zapier.version,
});
