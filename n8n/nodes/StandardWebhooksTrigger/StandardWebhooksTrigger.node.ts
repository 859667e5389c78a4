import { standardWebhooks } from '../../../shared/providers/standard-webhooks';
import { hookbridgeTrigger } from '../../lib/hookbridge-trigger';

export class StandardWebhooksTrigger extends hookbridgeTrigger(standardWebhooks) {}
