import type { FoldDocuments, FoldModel } from '@inventory/projection';
import { bucketOf, contents, contentsId, withEntry, withoutEntry, type ContentsDoc, type ContentsEntry } from '../contents/contents-index.js';
import { createSecondaryIndexes, ensureCollection, unhandled, type SliceProjection } from '../slice.js';
import { items, registeredItem, type ItemDoc } from './item-doc.js';
import { itemKeys, itemKeysModel } from './item-keys.js';

export const ITEM_EVENTS = ['ItemRegistered', 'ItemUpdated', 'ItemRetired', 'ItemMoved', 'ChildAssigned', 'ChildReleased'] as const;

const ITEMS = 'items';
const CONTENTS = 'contents';

/** Where the contents index lists an item: at its location, unless it is retired or known only as someone's parent so far. */
function listingOf(item: ItemDoc): { locationId: string; entry: ContentsEntry } | undefined {
  if (!item.locationId || !item.itemTypeId || item.retired) return undefined;
  return { locationId: item.locationId, entry: { s: item.placement ?? 0, t: item.itemTypeId, p: item.parentId } };
}

/**
 * The item as `after` says, as its next placement: its entry in the contents index moves along
 * (the one of the replaced placement goes, the new one is added where it now is).
 */
function place(documents: FoldDocuments, before: ItemDoc | null, after: ItemDoc): void {
  const placed = { ...after, placement: (before?.placement ?? 0) + 1 };
  documents.put(ITEMS, placed._id, placed);
  const bucket = bucketOf(placed._id);
  const replaced = before?.locationId && before.placement ? contentsId(before.locationId, bucket) : undefined;
  const listing = listingOf(placed);
  const listed = listing && contentsId(listing.locationId, bucket);
  documents.load(CONTENTS, [replaced, listed].filter((id): id is string => id !== undefined));
  if (replaced) documents.put(CONTENTS, replaced, withoutEntry(documents.get<ContentsDoc>(CONTENTS, replaced), placed._id, before!.placement!));
  if (listed) documents.put(CONTENTS, listed, withEntry(documents.get<ContentsDoc>(CONTENTS, listed), listed, placed._id, listing.entry));
}

/**
 * What a document made before the item's registration holds and the registration keeps: a child's
 * assignment may have listed the parent's childIds, and rows from a parent's partition the stays.
 */
function keptAtRegistration(before: ItemDoc | null): Partial<ItemDoc> {
  if (!before) return {};
  const { childIds, stays, sealedStays } = before;
  return { ...(childIds ? { childIds } : {}), ...(stays ? { stays } : {}), ...(sealedStays ? { sealedStays } : {}) };
}

/** The item's own document, unless it has already seen this version of its stream (a replay changes nothing). */
function ownItem(documents: FoldDocuments, itemId: string, version: number): ItemDoc | null | 'seen' {
  const doc = documents.get<ItemDoc>(ITEMS, itemId);
  return doc && (doc.version ?? 0) >= version ? 'seen' : doc;
}

/**
 * Items and the contents index as one fold. A child's assignment arrives on its own partition,
 * its parent's moves on another, in any order: the parent lists its assigned children (childIds,
 * from their assignments and releases), a parent's move carries every child listed there (not just
 * its movedChildIds: an assignment made before the move may be projected after it), and an
 * assignment takes the parent's location as projected when the parent is known. Whichever of the
 * two comes last sees the other's effect, so the child never keeps a stale location.
 */
export const itemsModel: FoldModel<(typeof ITEM_EVENTS)[number]> = {
  handles: ITEM_EVENTS,
  evolve(event, documents) {
    const { aggregateVersion: version, occurredAt } = event.metadata;
    const stamp = { version, updatedAt: new Date(occurredAt) };
    switch (event.type) {
      case 'ItemRegistered': {
        const before = ownItem(documents, event.data.itemId, version);
        if (before === 'seen') return;
        place(documents, before, { ...registeredItem(event), ...keptAtRegistration(before) });
        return;
      }
      case 'ItemUpdated': {
        const before = ownItem(documents, event.data.itemId, version);
        if (before === 'seen' || !before) return;
        const { name, serialNumber, barcode, attributes } = event.data;
        documents.put(ITEMS, before._id, { ...before, name, serialNumber, barcode, attributes, ...stamp });
        return;
      }
      case 'ItemRetired': {
        const before = ownItem(documents, event.data.itemId, version);
        if (before === 'seen' || !before) return;
        place(documents, before, { ...before, retired: true, ...stamp });
        return;
      }
      case 'ItemMoved': {
        const { itemId, toLocationId } = event.data;
        const before = ownItem(documents, itemId, version);
        if (before === 'seen' || !before) return;
        place(documents, before, { ...before, locationId: toLocationId, ...stamp });
        const childIds = before.childIds ?? [];
        documents.load(ITEMS, childIds);
        for (const childId of childIds) {
          const child = documents.get<ItemDoc>(ITEMS, childId);
          if (child?.parentId === itemId && child.locationId !== toLocationId) place(documents, child, { ...child, locationId: toLocationId });
        }
        return;
      }
      case 'ChildAssigned': {
        const { childId, parentId, toLocationId } = event.data;
        documents.load(ITEMS, [childId, parentId]);
        const child = ownItem(documents, childId, version);
        if (child === 'seen') return;
        const parent = documents.get<ItemDoc>(ITEMS, parentId);
        if (!parent?.childIds?.includes(childId)) documents.put(ITEMS, parentId, { ...(parent ?? { _id: parentId }), childIds: [...(parent?.childIds ?? []), childId] } as ItemDoc);
        if (child) place(documents, child, { ...child, parentId, locationId: parent?.locationId ?? toLocationId, ...stamp });
        return;
      }
      case 'ChildReleased': {
        const { childId, parentId, locationId } = event.data;
        documents.load(ITEMS, [childId, parentId]);
        const child = ownItem(documents, childId, version);
        if (child === 'seen') return;
        if (child) place(documents, child, { ...child, parentId: null, locationId, ...stamp });
        const parent = documents.get<ItemDoc>(ITEMS, parentId);
        if (parent?.childIds?.includes(childId)) documents.put(ITEMS, parentId, { ...parent, childIds: parent.childIds.filter((id) => id !== childId) });
        return;
      }
      default:
        unhandled(event);
    }
  },
};

export const itemsProjection: SliceProjection = {
  async setup(space) {
    await createSecondaryIndexes(items(space), [
      { key: { locationId: 1, _id: 1 } },
      { key: { parentId: 1 } },
      { key: { itemTypeId: 1, _id: 1 } },
    ]);
    await ensureCollection(contents(space));
    await ensureCollection(itemKeys(space));
  },
  // The keys first: they read the item as it was before the event (what it stopped carrying).
  models: [itemKeysModel, itemsModel],
};
