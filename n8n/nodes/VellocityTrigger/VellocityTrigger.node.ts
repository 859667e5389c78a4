// Written by `npm run connectors:write` from prebuilt-connectors.json: regenerate, do not edit.
import { vellocity } from '../../../shared/providers/vellocity';
import { hookbridgeTrigger } from '../../lib/hookbridge-trigger';

export class VellocityTrigger extends hookbridgeTrigger(vellocity) {}
