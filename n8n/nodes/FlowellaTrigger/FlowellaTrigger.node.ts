// Written by `npm run connectors:write` from prebuilt-connectors.json: regenerate, do not edit.
import { flowella } from '../../../shared/providers/flowella';
import { hookbridgeTrigger } from '../../lib/hookbridge-trigger';

export class FlowellaTrigger extends hookbridgeTrigger(flowella) {}
