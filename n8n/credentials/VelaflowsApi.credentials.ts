import { velaflows } from '../../shared/providers/velaflows';
import { hookbridgeCredential } from '../lib/hookbridge-credential';

export class VelaflowsApi extends hookbridgeCredential(velaflows) {}
