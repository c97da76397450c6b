import type { ReadModelSpace } from '@inventory/projection';
import { stayAt, type Stay } from './stays.js';

/**
 * Stays an item's own document holds at most before its oldest half is sealed into a bucket of its
 * own: small, since every where-is and every item a listing verifies reads that document.
 */
export const OPEN_STAYS = 32;

/** A sealed bucket as its item's document lists it: which one, and the time of its oldest and newest stay. */
export interface SealedBucket {
  k: number;
  from: Date;
  to: Date;
}

/**
 * Where an item's timeline rows sit in time, kept in the item's own document (which each of its
 * moves writes anyway): the newest (at most OPEN_STAYS, appended as rows come) and, once that many
 * were seen, the older ones in sealed buckets (`<item id>|<k>`, OPEN_STAYS / 2 each), so no document
 * grows with the moves but the list of buckets (one small entry per sixteen moves). A stay may sit
 * in two documents for a while (a seal that lost a race): readers take the union by id.
 */
export interface StaysHolder {
  _id: string;
  stays?: Stay[];
  sealedStays?: SealedBucket[];
}

export interface StayBucket {
  _id: string;
  rows: Stay[];
}

export const STAY_BUCKETS = 'item_stay_buckets';
export const stayBuckets = (space: ReadModelSpace) => space.collection<StayBucket>(STAY_BUCKETS);
export const bucketIdOf = (itemId: string, k: number): string => `${itemId}|${k}`;

const byTime = (a: Stay, b: Stay): number => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Whether a stay at `at` may already sit in a sealed bucket (it is no newer than the newest sealed one). */
export const mayBeSealed = (holder: StaysHolder, at: Date): boolean => (holder.sealedStays ?? []).some((bucket) => at <= bucket.to);

/**
 * The holder with `stay` among its open stays (kept in time order, so the document is the same
 * whatever order the rows came in), and, once that makes more than OPEN_STAYS, the oldest half
 * taken out as the next sealed bucket (returned for its own document).
 */
export function withStay<T extends StaysHolder>(holder: T, stay: Stay): { holder: T; seal?: { id: string; rows: Stay[] } } {
  const open = [...(holder.stays ?? []), stay].sort(byTime);
  if (open.length <= OPEN_STAYS) return { holder: { ...holder, stays: open } };
  const k = holder.sealedStays?.length ?? 0;
  const oldest = open.slice(0, OPEN_STAYS / 2);
  return {
    holder: { ...holder, stays: open.slice(OPEN_STAYS / 2), sealedStays: [...(holder.sealedStays ?? []), { k, from: oldest[0]!.at, to: oldest.at(-1)!.at }] },
    seal: { id: bucketIdOf(holder._id, k), rows: oldest },
  };
}

/**
 * The sealed buckets that may hold the item's latest stay at or before `at`, beyond `floor` (a stay
 * at or before `at` already known): each holds a stay at its `from`, so only buckets reaching past
 * the newest such `from` (and past the floor) can hold a later one; buckets overlap only when
 * rows came late from another partition, so this is normally one bucket, or none.
 */
export function bucketsAt(sealed: readonly SealedBucket[], at: Date, floor?: Date): SealedBucket[] {
  const started = sealed.filter((bucket) => bucket.from <= at);
  if (started.length === 0) return [];
  const newestStart = Math.max(...started.map((bucket) => bucket.from.getTime()), floor?.getTime() ?? -Infinity);
  return started.filter((bucket) => bucket.to.getTime() >= newestStart && !(floor && bucket.to <= floor));
}

/** The rows of the item's sealed buckets that `buckets` names. */
async function readBuckets(space: ReadModelSpace, itemId: string, buckets: readonly SealedBucket[]): Promise<Stay[]> {
  if (buckets.length === 0) return [];
  return (await stayBuckets(space).find({ _id: { $in: buckets.map(({ k }) => bucketIdOf(itemId, k)) } }).toArray()).flatMap((bucket) => bucket.rows);
}

/** The item's stay in effect at `at` (stayAt over all its stays), reading sealed buckets only when its own document cannot say. */
export async function stayOfItemAt(space: ReadModelSpace, holder: StaysHolder, at: Date): Promise<Stay | undefined> {
  const open = stayAt(holder.stays ?? [], at);
  const older = await readBuckets(space, holder._id, bucketsAt(holder.sealedStays ?? [], at, open?.at));
  return stayAt([...older, ...(open ? [open] : [])], at);
}

/** Every stay of the item (its row ids, for the history): its own document's and every sealed bucket's. */
export async function allStaysOf(space: ReadModelSpace, holder: StaysHolder): Promise<Stay[]> {
  const sealed = await readBuckets(space, holder._id, holder.sealedStays ?? []);
  return [...new Map([...sealed, ...(holder.stays ?? [])].map((stay) => [stay.id, stay])).values()];
}
