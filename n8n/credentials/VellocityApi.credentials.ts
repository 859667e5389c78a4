import { vellocity } from '../../shared/providers/vellocity';
import { hookbridgeCredential } from '../lib/hookbridge-credential';

export class VellocityApi extends hookbridgeCredential(vellocity) {}
