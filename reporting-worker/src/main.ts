import { runService } from '@inventory/platform';

await runService({
  name: 'reporting-worker',
  portVariable: 'REPORTING_WORKER_PORT',
  defaultPort: 8103,
  database: 'inventory_reports',
});
