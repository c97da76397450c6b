import { runService } from '@inventory/platform';
import { reportingWorker } from './worker.js';

await runService(reportingWorker());
