import { STOPPING_MAX_WAIT_MS, waitUntilCaughtUp, type CatchUpProgress } from './catch-up.js';
import { activateGeneration, activeGeneration, dropGeneration } from './read-models.js';
import { ProjectionRunner, type RunnerOptions } from './runner.js';

export interface RebuildOptions extends Omit<RunnerOptions, 'generation' | 'groupId'> {
  onProgress?: (progress: CatchUpProgress) => void;
  /** How long the old generation stays readable after the flip (readers and live runners switch meanwhile). */
  retireAfterMs?: number;
}

const REBUILD_CHUNK_SIZE = 5000;

export interface RebuildResult {
  from: number;
  to: number;
  events: number;
  durationMs: number;
}

/**
 * Replays the topics from the start into a fresh generation with its own consumer group, then
 * makes it the active one. Queries keep reading the old generation until the flip.
 */
export async function rebuildProjection({ onProgress, retireAfterMs = 5000, ...options }: RebuildOptions): Promise<RebuildResult> {
  const { db, projection, kafka } = options;
  const from = await activeGeneration(db, projection.name);
  const to = from + 1;
  await dropGeneration(db, projection.name, to); // leftovers of an interrupted rebuild
  // The fresh generation is this runner's alone: big chunks, and what it has not written is absent.
  const runner = new ProjectionRunner({ chunkSize: REBUILD_CHUNK_SIZE, maxWaitTimeInMs: STOPPING_MAX_WAIT_MS, ...options, generation: to, freshGeneration: true });
  const admin = kafka.admin();
  await admin.connect();
  const started = Date.now();
  let events = 0;
  try {
    await admin.deleteGroups([runner.groupId]).catch(() => undefined); // an interrupted rebuild's offsets
    await runner.start();
    await waitUntilCaughtUp(admin, runner.groupId, runner.sourceTopics, {
      onProgress: (progress) => {
        events = progress.total;
        onProgress?.(progress);
      },
    });
  } finally {
    await runner.stop();
    await admin.disconnect();
  }
  const durationMs = Date.now() - started;
  await activateGeneration(db, projection.name, to);
  await new Promise((resolve) => setTimeout(resolve, retireAfterMs));
  await dropGeneration(db, projection.name, from);
  return { from, to, events, durationMs };
}
