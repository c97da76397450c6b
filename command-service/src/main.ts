import { runService } from '@inventory/platform';

await runService({
  name: 'command-service',
  portVariable: 'COMMAND_SERVICE_PORT',
  defaultPort: 8101,
  database: 'inventory_commands',
});
