import type { ReadModelSpace } from '@inventory/projection';
import { stayAt, type Stay } from './stays.js';

/** Stays an item's own document holds at most before its oldest half is sealed into a bucket of its own. */
export const OPEN_STAYS = 200;

/** A sealed bucket as its item's document lists it: which one, and the time of its oldest and newest stay. */
export interface SealedBucket {
  k: number;
  from: Date;
  to: Date;
}

/**
 * Where an item's timeline rows sit in time, by `_id` = item id: the newest (at most OPEN_STAYS,
 * appended as rows come) and, once that many were seen, the older ones in sealed buckets
 * (`<item id>|<k>`, OPEN_STAYS / 2 each), so no document grows with the moves but the list of
 * buckets (one small entry per hundred moves). A stay may sit in two documents for a while (a
 * seal that lost a race): readers take the union by id.
 */
export interface ItemStays {
  _id: string;
  rows: Stay[];
  sealed?: SealedBucket[];
}

export interface StayBucket {
  _id: string;
  rows: Stay[];
}

export const itemStays = (space: ReadModelSpace) => space.collection<ItemStays>('item_stays');
export const stayBuckets = (space: ReadModelSpace) => space.collection<StayBucket>('item_stay_buckets');
export const bucketIdOf = (itemId: string, k: number): string => `${itemId}|${k}`;

const byTime = (a: Stay, b: Stay): number => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The stays to seal out of an item's document (its oldest half) once it holds more than OPEN_STAYS; none otherwise. */
export function staysToSeal(rows: readonly Stay[]): Stay[] {
  return rows.length > OPEN_STAYS ? [...rows].sort(byTime).slice(0, OPEN_STAYS / 2) : [];
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

const readBuckets = async (space: ReadModelSpace, itemId: string, buckets: readonly SealedBucket[]): Promise<Stay[]> =>
  buckets.length === 0 ? [] : (await stayBuckets(space).find({ _id: { $in: buckets.map(({ k }) => bucketIdOf(itemId, k)) } }).toArray()).flatMap((bucket) => bucket.rows);

/** The item's stay in effect at `at` (stayAt over all its stays), reading sealed buckets only when its own document cannot say. */
export async function stayOfItemAt(space: ReadModelSpace, stays: ItemStays, at: Date): Promise<Stay | undefined> {
  const open = stayAt(stays.rows, at);
  const older = await readBuckets(space, stays._id, bucketsAt(stays.sealed ?? [], at, open?.at));
  return stayAt([...older, ...(open ? [open] : [])], at);
}

/** Every stay of the item (its row ids, for the history): its own document's and every sealed bucket's. */
export async function allStaysOf(space: ReadModelSpace, stays: ItemStays): Promise<Stay[]> {
  const buckets = (stays.sealed ?? []).map(({ k }) => bucketIdOf(stays._id, k));
  const sealed = buckets.length > 0 ? await stayBuckets(space).find({ _id: { $in: buckets } }).toArray() : [];
  return [...new Map([...sealed.flatMap((bucket) => bucket.rows), ...stays.rows].map((stay) => [stay.id, stay])).values()];
}
