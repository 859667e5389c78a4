// Written by `npm run connectors:write` from prebuilt-connectors.json: regenerate, do not edit.
import { standardWebhooks } from '../../../shared/providers/standard-webhooks';
import { hookbridgeTrigger } from '../../lib/hookbridge-trigger';

export class StandardWebhooksTrigger extends hookbridgeTrigger(standardWebhooks) {}
