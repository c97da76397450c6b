import { GUARDED, guardedCollection, type ReportCollections } from './store.js';

/**
 * Removes applied-event markers once the runner's checkpoint has passed their event: from then on
 * the runner skips a redelivery by version, so the marker has no job left. Returns how many events
 * were swept. Safe to run concurrently with apply and with other sweepers (pulls are idempotent).
 */
export async function sweepMarkers(collections: ReportCollections, batchSize = 1000): Promise<number> {
  const candidates = await collections.sweeps.find({}, { limit: batchSize }).toArray();
  if (candidates.length === 0) return 0;
  const checkpoints = await collections.checkpoints.find({ _id: { $in: [...new Set(candidates.map((c) => c.aggregateId))] } }, { projection: { version: 1 } }).toArray();
  const applied = new Map(checkpoints.map(({ _id, version }) => [_id, version]));
  const done = candidates.filter((c) => (applied.get(c.aggregateId) ?? 0) >= c.aggregateVersion).map((c) => c._id);
  if (done.length === 0) return 0;
  await Promise.all(GUARDED.map((name) =>
    guardedCollection(collections, name).updateMany({ applied: { $in: done } }, { $pullAll: { applied: done } })));
  await collections.sweeps.deleteMany({ _id: { $in: done } });
  return done.length;
}

/** Sweeps every `intervalMs` until stopped; errors are logged and the next round retries. */
export function startSweeping(current: () => Promise<ReportCollections>, onError: (error: unknown) => void, intervalMs = 500): () => Promise<void> {
  let running = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(async () => {
      await sweepMarkers(await current());
    }).catch(onError);
  }, intervalMs);
  return async () => {
    clearInterval(timer);
    await running;
  };
}
