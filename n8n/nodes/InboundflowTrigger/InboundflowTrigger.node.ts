// Written by `npm run connectors:write` from prebuilt-connectors.json: regenerate, do not edit.
import { inboundflow } from '../../../shared/providers/inboundflow';
import { hookbridgeTrigger } from '../../lib/hookbridge-trigger';

export class InboundflowTrigger extends hookbridgeTrigger(inboundflow) {}
