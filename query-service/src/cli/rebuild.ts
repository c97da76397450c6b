/**
 * `npm run rebuild -w query-service`: replays every topic from the start into a fresh generation
 * of the read models, then flips the running services over to it (they follow within seconds).
 */
import { rebuildProjection } from '@inventory/projection';
import { SingleBar, Presets } from 'cli-progress';
import { toolContext } from './tool-context.js';

const { options, close } = toolContext();
const bar = new SingleBar({ format: 'rebuild query read models |{bar}| {value}/{total} events | {eta_formatted} left' }, Presets.shades_classic);
let started = false;
try {
  const result = await rebuildProjection({
    ...options,
    onProgress: ({ done, total }) => {
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    },
  });
  bar.stop();
  const perSecond = Math.round(result.events / Math.max(result.durationMs / 1000, 0.001));
  process.stdout.write(`generation ${result.from} -> ${result.to}: ${result.events} events in ${(result.durationMs / 1000).toFixed(1)} s (${perSecond} events/s)\n`);
} finally {
  bar.stop();
  await close();
}
process.exit(0);
