import { runService } from '@inventory/platform';

await runService({
  name: 'gateway',
  portVariable: 'GATEWAY_PORT',
  defaultPort: 8080,
  database: 'inventory_gateway',
});
