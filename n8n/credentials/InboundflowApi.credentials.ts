// Written by `npm run connectors:write` from prebuilt-connectors.json: regenerate, do not edit.
import { inboundflow } from '../../shared/providers/inboundflow';
import { hookbridgeCredential } from '../lib/hookbridge-credential';

export class InboundflowApi extends hookbridgeCredential(inboundflow) {}
