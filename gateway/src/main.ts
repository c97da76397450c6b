import { runService } from '@inventory/platform';
import { gatewayService } from './gateway-service.js';

await runService(gatewayService());
