import { vellocity } from '../../../shared/providers/vellocity';
import { hookbridgeTrigger } from '../../lib/hookbridge-trigger';

export class VellocityTrigger extends hookbridgeTrigger(vellocity) {}
