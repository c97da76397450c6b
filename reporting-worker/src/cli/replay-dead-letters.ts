import { activeGeneration, replayDeadLetters } from '@inventory/projection';
import { PROJECTION_NAME } from '../shared/collections.js';
import { projectionOptions } from '../worker.js';
import { toolContext } from './context.js';

/** `npm run replay-dlq -w @inventory/reporting-worker`: re-applies what the live reports group dead-lettered. */
const context = toolContext('reporting-replay');
try {
  const counts = await replayDeadLetters({ ...projectionOptions(context), generation: await activeGeneration(context.mongo.db, PROJECTION_NAME) });
  process.stdout.write(`dead letters replayed: ${JSON.stringify(counts)}\n`);
} finally {
  await context.mongo.client.close();
}
