/**
 * `npm run replay-dlq -w query-service`: re-applies what the live query projection dead-lettered
 * (after the cause was fixed); what still fails goes back to the dead-letter topic.
 */
import { activeGeneration, replayDeadLetters } from '@inventory/projection';
import { toolContext } from './tool-context.js';

const { options, close } = toolContext();
try {
  const generation = await activeGeneration(options.db, options.projection.name);
  const counts = await replayDeadLetters({ ...options, generation });
  process.stdout.write(`replayed dead letters of generation ${generation}: ${JSON.stringify(counts)}\n`);
} finally {
  await close();
}
process.exit(0);
