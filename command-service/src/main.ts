import { runService } from '@inventory/platform';
import { commandServiceDefinition } from './service.js';

await runService(commandServiceDefinition);
