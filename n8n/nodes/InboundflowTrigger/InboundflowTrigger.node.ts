import { inboundflow } from '../../../shared/providers/inboundflow';
import { hookbridgeTrigger } from '../../lib/hookbridge-trigger';

export class InboundflowTrigger extends hookbridgeTrigger(inboundflow) {}
