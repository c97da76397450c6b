import { newRevision, REVISION_FIELD } from '@inventory/projection';
import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import { foldChangedLocations } from '../locations/snapshot-fold.js';
import { compactMoveLogs, compactMovementBuckets } from '../movements/compaction.js';
import type { ReportCollections } from '../shared/collections.js';
import type { Guarded } from '../shared/markers.js';
import { GUARDED_COLLECTIONS, type GuardedName, type SweepDoc } from './sweep-notes.js';

/** Told which documents (collection base name, ids) the sweeper rewrote: the runner beside it drops its copies. */
export type OnRewritten = (base: string, ids: readonly string[]) => void;

/** The guarded collections seen through what they share. */
const guardedCollection = (collections: ReportCollections, name: GuardedName): Collection<Guarded> => collections[name] as unknown as Collection<Guarded>;

/**
 * Removes applied-event markers once the runner's checkpoint has passed their event (from then on
 * the runner skips a redelivery by version, so the marker has no job left), and compacts the
 * documents those events touched (movements/compaction.ts). Each event's entry in its note names
 * the documents it touched, so every pull is by `_id` (one per document and round, however many
 * of the round's events touched it) and nothing is scanned. Returns how many events were swept.
 * Safe to run concurrently with apply and with other sweepers (pulls are idempotent).
 */
export async function sweepMarkers(collections: ReportCollections, { batchSize = 1000, rewritten }: { batchSize?: number; rewritten?: OnRewritten } = {}): Promise<number> {
  const notes = await collections.sweeps.find({}, { limit: batchSize }).toArray();
  if (notes.length === 0) return 0;
  const candidates = notes.flatMap((note) => Object.entries(note.events ?? {}).map(([eventId, noted]) => ({ note: note._id, eventId, ...noted })));
  const applied = await collections.checkpoints.versions([...new Set(candidates.map((c) => c.aggregateId))]);
  const done = candidates.filter((c) => (applied.get(c.aggregateId) ?? 0) >= c.aggregateVersion);
  const pulls = new Map<GuardedName, Map<string, string[]>>();
  for (const { eventId, touched } of done) {
    for (const [name, ids] of Object.entries(touched) as [GuardedName, string[]][]) {
      const byDocument = pulls.get(name) ?? new Map<string, string[]>();
      for (const id of ids) byDocument.set(id, [...(byDocument.get(id) ?? []), eventId]);
      pulls.set(name, byDocument);
    }
  }
  // Before the notes go: an event's note is what brings the buckets and logs it changed to the compactor,
  // which takes their markers off in the same write; what it could not are pulled with the rest.
  const [movements, moveLog] = [pulls.get('movements') ?? new Map<string, string[]>(), pulls.get('moveLog') ?? new Map<string, string[]>()];
  const [buckets, logs] = await Promise.all([compactMovementBuckets(collections, [...movements.keys()], movements), compactMoveLogs(collections, [...moveLog.keys()], moveLog)]);
  pulls.set('movements', new Map(buckets.map((id) => [id, movements.get(id)!])));
  pulls.set('moveLog', new Map(logs.map((id) => [id, moveLog.get(id)!])));
  await Promise.all([...pulls].filter(([, byDocument]) => byDocument.size > 0).map(async ([name, byDocument]) => {
    // A new revision: a projection's unit of work holding this document must not write its older copy back.
    const operations: AnyBulkWriteOperation<Guarded>[] = [...byDocument].map(([_id, events]) => ({ updateOne: { filter: { _id }, update: { $pullAll: { applied: events }, $set: { [REVISION_FIELD]: newRevision() } } } }));
    await guardedCollection(collections, name).bulkWrite(operations, { ordered: false });
  }));
  for (const [name, byDocument] of [...pulls, ['movements', movements], ['moveLog', moveLog]] as const) rewritten?.(GUARDED_COLLECTIONS[name], [...byDocument.keys()]);
  await clearNotes(collections, notes, new Set(done.map(({ eventId }) => eventId)));
  rewritten?.('sweeps', notes.map(({ _id }) => _id));
  return done.length;
}

/**
 * Takes the swept events off their notes: a note all of whose events were swept goes, unless the
 * runner wrote to it since it was read (conditional on its revision); then, as for a note only
 * partly swept, just the swept events are unset, with a new revision, so a unit of work holding
 * an older copy folds its events into the fresh one.
 */
async function clearNotes(collections: ReportCollections, notes: readonly SweepDoc[], swept: ReadonlySet<string>): Promise<void> {
  const sweptOf = (note: SweepDoc) => Object.keys(note.events ?? {}).filter((eventId) => swept.has(eventId));
  const whole = notes.filter((note) => sweptOf(note).length === Object.keys(note.events ?? {}).length);
  const deleted = new Set<string>();
  await Promise.all(whole.map(async (note) => {
    const revision = (note as SweepDoc & { [REVISION_FIELD]?: string })[REVISION_FIELD];
    const { deletedCount } = await collections.sweeps.deleteOne({ _id: note._id, [REVISION_FIELD]: revision ?? { $exists: false } });
    if (deletedCount === 1) deleted.add(note._id);
  }));
  const operations: AnyBulkWriteOperation<SweepDoc>[] = notes.filter((note) => !deleted.has(note._id) && sweptOf(note).length > 0).map((note) => ({
    updateOne: { filter: { _id: note._id }, update: { $unset: Object.fromEntries(sweptOf(note).map((eventId) => [`events.${eventId}`, ''])), $set: { [REVISION_FIELD]: newRevision() } } },
  }));
  if (operations.length > 0) await collections.sweeps.bulkWrite(operations, { ordered: false });
}

/**
 * Sweeps and folds changed locations into their snapshot every `intervalMs` until stopped (a tick
 * during a slow round is skipped); errors are logged and the next round retries. The locations'
 * own note of changes is their queue, so they are folded every round, with or without swept events.
 */
export function startSweeping(current: () => Promise<ReportCollections>, onError: (error: unknown) => void, { intervalMs, rewritten }: { intervalMs: number; rewritten?: OnRewritten }): () => Promise<void> {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    running ??= (async () => {
      const collections = await current();
      await sweepMarkers(collections, { rewritten });
      if (await foldChangedLocations(collections)) rewritten?.('packed', ['changed-locations']);
    })().catch(onError).finally(() => {
      running = undefined;
    });
  }, intervalMs);
  return async () => {
    clearInterval(timer);
    await running;
  };
}
