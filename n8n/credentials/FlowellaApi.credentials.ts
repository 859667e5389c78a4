// Written by `npm run connectors:write` from prebuilt-connectors.json: regenerate, do not edit.
import { flowella } from '../../shared/providers/flowella';
import { hookbridgeCredential } from '../lib/hookbridge-credential';

export class FlowellaApi extends hookbridgeCredential(flowella) {}
