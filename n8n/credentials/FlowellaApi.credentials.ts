import { flowella } from '../../shared/providers/flowella';
import { hookbridgeCredential } from '../lib/hookbridge-credential';

export class FlowellaApi extends hookbridgeCredential(flowella) {}
