import { inboundflow } from '../../shared/providers/inboundflow';
import { hookbridgeCredential } from '../lib/hookbridge-credential';

export class InboundflowApi extends hookbridgeCredential(inboundflow) {}
