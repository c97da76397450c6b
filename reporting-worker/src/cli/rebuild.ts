import { rebuildProjection } from '@inventory/projection';
import cliProgress from 'cli-progress';
import { projectionOptions } from '../worker.js';
import { toolContext } from './context.js';

/** `npm run rebuild -w @inventory/reporting-worker`: replays the topics into fresh report collections, then swaps them in. */
const context = toolContext('reporting-rebuild');
const bar = new cliProgress.SingleBar({ format: 'rebuilding reports [{bar}] {value}/{total} events' }, cliProgress.Presets.shades_classic);
bar.start(0, 0);
try {
  const result = await rebuildProjection({ ...projectionOptions(context), onProgress: ({ done, total }) => {
    bar.setTotal(total);
    bar.update(done);
  } });
  process.stdout.write(`reports rebuilt: generation ${result.from} → ${result.to}, ${result.events} events in ${(result.durationMs / 1000).toFixed(1)} s\n`);
} finally {
  bar.stop();
  await context.mongo.client.close();
}
