// Written by `npm run connectors:write` from prebuilt-connectors.json: regenerate, do not edit.
import { velaflows } from '../../../shared/providers/velaflows';
import { hookbridgeTrigger } from '../../lib/hookbridge-trigger';

export class VelaflowsTrigger extends hookbridgeTrigger(velaflows) {}
