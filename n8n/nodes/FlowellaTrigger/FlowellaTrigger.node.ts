import { flowella } from '../../../shared/providers/flowella';
import { hookbridgeTrigger } from '../../lib/hookbridge-trigger';

export class FlowellaTrigger extends hookbridgeTrigger(flowella) {}
