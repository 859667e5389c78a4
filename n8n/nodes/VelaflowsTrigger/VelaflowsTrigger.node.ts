import { velaflows } from '../../../shared/providers/velaflows';
import { hookbridgeTrigger } from '../../lib/hookbridge-trigger';

export class VelaflowsTrigger extends hookbridgeTrigger(velaflows) {}
