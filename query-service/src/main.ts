import { runService } from '@inventory/platform';

await runService({
  name: 'query-service',
  portVariable: 'QUERY_SERVICE_PORT',
  defaultPort: 8102,
  database: 'inventory_query',
});
