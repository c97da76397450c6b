import { runService } from '@inventory/platform';
import { queryServiceDefinition } from './service.js';

await runService(queryServiceDefinition());
