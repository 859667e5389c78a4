// Written by `npm run connectors:write` from prebuilt-connectors.json: regenerate, do not edit.
import { velaflows } from '../../shared/providers/velaflows';
import { hookbridgeCredential } from '../lib/hookbridge-credential';

export class VelaflowsApi extends hookbridgeCredential(velaflows) {}
