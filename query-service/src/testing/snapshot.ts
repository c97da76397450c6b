import { CHECKPOINT_FIELD, REVISION_FIELD } from '@inventory/projection';
import type { Db } from 'mongodb';

/**
 * Not read models: checkpoints (the items' hosted ones too: whether an event's checkpoint went to
 * its item or to the checkpoints collection depends on what its unit of work held), and the tree
 * stamp, a cache token naming whichever location event was applied last (across partitions that
 * order differs between runs; only its change matters).
 */
const BOOKKEEPING = ['checkpoints', 'tree_stamp'];

/**
 * Revisions are the write-back's concurrency tokens, different in every run.
 * Placement numbers count writes (applying an event twice counts twice; only their order matters),
 * and sets filled from several partitions (a parent's children, an item's stays) take whatever
 * order the partitions were applied in: compare those as sets.
 */
function normalised(doc: Record<string, unknown>, withCheckpoints: boolean): Record<string, unknown> {
  const { [REVISION_FIELD]: _revision, ...copy }: Record<string, unknown> = { ...doc };
  if (!withCheckpoints) delete copy[CHECKPOINT_FIELD];
  if ('placement' in copy) copy.placement = 'any';
  if (Array.isArray(copy.childIds)) copy.childIds = [...(copy.childIds as string[])].sort();
  if (Array.isArray(copy.rows)) copy.rows = [...(copy.rows as { id: string }[])].sort((a, b) => a.id.localeCompare(b.id));
  if (copy.items && typeof copy.items === 'object') {
    copy.items = Object.fromEntries(Object.entries(copy.items as Record<string, object>).map(([id, entry]) => [id, { ...entry, s: 'any' }]));
  }
  return copy;
}

/**
 * A contents bucket whose entries have all been removed says nothing; whether one exists depends on
 * which placements the order of partitions (and of keys within a chunk) made pass through it.
 */
const isEmptyContents = (doc: Record<string, unknown>): boolean => doc.items !== null && typeof doc.items === 'object' && Object.keys(doc.items).length === 0;

/** Every read-model collection of a generation except `exclude`, as sorted, normalised documents. */
export async function snapshot(db: Db, generation: number, exclude: readonly string[] = BOOKKEEPING): Promise<Record<string, unknown[]>> {
  const suffix = `_g${generation}`;
  const withCheckpoints = !exclude.includes('checkpoints');
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map(({ name }) => name)
    .filter((name) => name.startsWith('query_') && name.endsWith(suffix) && !exclude.some((part) => name.includes(part)));
  const entries = await Promise.all(names.map(async (name) => [name.slice(0, -suffix.length), (await db.collection(name).find().sort({ _id: 1 }).toArray()).filter((doc) => !isEmptyContents(doc)).map((doc) => normalised(doc, withCheckpoints))] as const));
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
}
