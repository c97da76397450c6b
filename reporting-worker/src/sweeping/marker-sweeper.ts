import { newRevision, REVISION_FIELD } from '@inventory/projection';
import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import { foldChangedLocations } from '../locations/snapshot-fold.js';
import { compactMoveLogs, compactMovementBuckets } from '../movements/compaction.js';
import type { ReportCollections } from '../shared/collections.js';
import type { Guarded } from '../shared/markers.js';
import type { GuardedName } from './sweep-notes.js';

/** The guarded collections seen through what they share. */
const guardedCollection = (collections: ReportCollections, name: GuardedName): Collection<Guarded> => collections[name] as unknown as Collection<Guarded>;

/**
 * Removes applied-event markers once the runner's checkpoint has passed their event (from then on
 * the runner skips a redelivery by version, so the marker has no job left), and compacts the
 * documents those events touched (movements/compaction.ts). Each event's note names
 * the documents it touched, so every pull is by `_id` (one per document and round, however many
 * of the round's events touched it) and nothing is scanned. Returns how many events were swept.
 * Safe to run concurrently with apply and with other sweepers (pulls are idempotent).
 */
export async function sweepMarkers(collections: ReportCollections, batchSize = 1000): Promise<number> {
  const candidates = await collections.sweeps.find({}, { limit: batchSize }).toArray();
  if (candidates.length === 0) return 0;
  const checkpoints = await collections.checkpoints.find({ _id: { $in: [...new Set(candidates.map((c) => c.aggregateId))] } }, { projection: { version: 1 } }).toArray();
  const applied = new Map(checkpoints.map(({ _id, version }) => [_id, version]));
  const done = candidates.filter((c) => (applied.get(c.aggregateId) ?? 0) >= c.aggregateVersion);
  if (done.length === 0) return 0;
  const pulls = new Map<GuardedName, Map<string, string[]>>();
  for (const { _id: eventId, touched } of done) {
    for (const [name, ids] of Object.entries(touched) as [GuardedName, string[]][]) {
      const byDocument = pulls.get(name) ?? new Map<string, string[]>();
      for (const id of ids) byDocument.set(id, [...(byDocument.get(id) ?? []), eventId]);
      pulls.set(name, byDocument);
    }
  }
  await Promise.all([...pulls].map(async ([name, byDocument]) => {
    // A new revision: a projection's unit of work holding this document must not write its older copy back.
    const operations: AnyBulkWriteOperation<Guarded>[] = [...byDocument].map(([_id, events]) => ({ updateOne: { filter: { _id }, update: { $pullAll: { applied: events }, $set: { [REVISION_FIELD]: newRevision() } } } }));
    await guardedCollection(collections, name).bulkWrite(operations, { ordered: false });
  }));
  // Before the notes go: an event's note is what brings the buckets and logs it changed to the compactor.
  await Promise.all([
    compactMovementBuckets(collections, [...(pulls.get('movements')?.keys() ?? [])]),
    compactMoveLogs(collections, [...(pulls.get('moveLog')?.keys() ?? [])]),
  ]);
  await collections.sweeps.deleteMany({ _id: { $in: done.map(({ _id }) => _id) } });
  return done.length;
}

/**
 * Sweeps and folds changed locations into their snapshot every `intervalMs` until stopped (a tick
 * during a slow round is skipped); errors are logged and the next round retries. The locations'
 * own note of changes is their queue, so they are folded every round, with or without swept events.
 */
export function startSweeping(current: () => Promise<ReportCollections>, onError: (error: unknown) => void, intervalMs = 500): () => Promise<void> {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    running ??= (async () => {
      const collections = await current();
      await sweepMarkers(collections);
      await foldChangedLocations(collections);
    })().catch(onError).finally(() => {
      running = undefined;
    });
  }, intervalMs);
  return async () => {
    clearInterval(timer);
    await running;
  };
}
