// Written by `npm run connectors:write` from prebuilt-connectors.json: regenerate, do not edit.
import { vellocity } from '../../shared/providers/vellocity';
import { hookbridgeCredential } from '../lib/hookbridge-credential';

export class VellocityApi extends hookbridgeCredential(vellocity) {}
