import type { ReadModelSpace } from '@inventory/projection';
import { WITHOUT_STAYS, items, type ItemDoc } from '../items/item-doc.js';
import { BUCKETS, bucketOf, contents, contentsId, locationOfContents, type ContentsDoc } from './contents-index.js';

export interface ContentsFilter {
  locationIds: string[];
  includeChildren: boolean;
  itemType: string | undefined;
  /** The last item id of the previous page. */
  afterId: string | undefined;
}

interface Candidate {
  itemId: string;
  locationId: string;
  parentId: string | null;
}

/** Ids per `_id: {$in}` read: FerretDB uses its _id index for lists of up to 10,000 and scans past that. */
const IDS_PER_READ = 5000;

const compareIds = (a: string, b: string): number => BUCKETS.indexOf(bucketOf(a)) - BUCKETS.indexOf(bucketOf(b)) || (a < b ? -1 : a > b ? 1 : 0);

async function readContents(space: ReadModelSpace, ids: string[]): Promise<ContentsDoc[]> {
  if (ids.length === 1) return [await contents(space).findOne({ _id: ids[0]! })].filter((doc) => doc !== null);
  const docs: ContentsDoc[] = [];
  for (let start = 0; start < ids.length; start += IDS_PER_READ) docs.push(...await contents(space).find({ _id: { $in: ids.slice(start, start + IDS_PER_READ) } }).toArray());
  return docs;
}

/** The entries of `buckets` at every location that pass the filter, in listing order. */
async function candidatesIn(space: ReadModelSpace, { locationIds, includeChildren, itemType, afterId }: ContentsFilter, buckets: string[]): Promise<Candidate[]> {
  const docs = await readContents(space, locationIds.flatMap((locationId) => buckets.map((bucket) => contentsId(locationId, bucket))));
  return docs
    .flatMap((doc) => Object.entries(doc.items).map(([itemId, { t, p }]) => ({ itemId, locationId: locationOfContents(doc._id), parentId: p, itemTypeId: t })))
    .filter(({ itemId, parentId, itemTypeId }) => (includeChildren || parentId === null) && (!itemType || itemTypeId === itemType) && (!afterId || compareIds(itemId, afterId) > 0))
    .sort((a, b) => compareIds(a.itemId, b.itemId));
}

/** In order, the items of `candidates` whose own document still places them as listed, at most `wanted`. */
async function verified(space: ReadModelSpace, candidates: Candidate[], wanted: number): Promise<ItemDoc[]> {
  const rows: ItemDoc[] = [];
  for (let next = 0; rows.length < wanted && next < candidates.length; ) {
    const batch = candidates.slice(next, next + wanted - rows.length);
    next += batch.length;
    const found = new Map((await items(space).find({ _id: { $in: batch.map((c) => c.itemId) } }, WITHOUT_STAYS).toArray()).map((item) => [item._id, item]));
    for (const { itemId, locationId, parentId } of batch) {
      const item = found.get(itemId);
      if (item && !item.retired && item.locationId === locationId && item.parentId === parentId) rows.push(item);
    }
  }
  return rows;
}

/**
 * Up to `wanted` items at the locations now, in listing order after the cursor: from the
 * cursor's bucket on, two buckets at first and twice as many each round, so a page of a location
 * with 1,000 items reads a few small index documents and then the page's items, all by `_id`.
 */
export async function contentsNow(space: ReadModelSpace, filter: ContentsFilter, wanted: number): Promise<ItemDoc[]> {
  const rows: ItemDoc[] = [];
  for (let first = filter.afterId ? BUCKETS.indexOf(bucketOf(filter.afterId)) : 0, width = 2; first < BUCKETS.length && rows.length < wanted; first += width, width *= 2) {
    const candidates = await candidatesIn(space, filter, BUCKETS.slice(Math.max(first, 0), first + width));
    rows.push(...await verified(space, candidates, wanted - rows.length));
  }
  return rows;
}
