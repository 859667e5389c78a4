// Written by `npm run connectors:write` from prebuilt-connectors.json: regenerate, do not edit.
import { standardWebhooks } from '../../shared/providers/standard-webhooks';
import { hookbridgeCredential } from '../lib/hookbridge-credential';

export class StandardWebhooksApi extends hookbridgeCredential(standardWebhooks) {}
