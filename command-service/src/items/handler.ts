import { randomUUID } from 'node:crypto';
import { claimOf } from '../domain/claims.js';
import { physicalLocationOf } from '../domain/state.js';
import { releaseClaims, takeClaims } from '../store/claims.js';
import { commit, newDocument, withRetries, WriteConflict } from '../store/aggregate.js';
import type { ItemDocument } from '../store/documents.js';
import { recordDeparture, reserve, settle, undo, type Hold } from '../store/holds.js';
import { stamp } from '../store/stamp.js';
import { accepted, withHeldOp, type Handler, type Saved } from '../store/store.js';
import { loadMore, loadView } from '../store/view.js';
import { decideRegisterItem, decideRetireItem, decideUpdateItem, newIdentifierClaims, type RegisterItem, type RetireItem, type UpdateItem } from './decide.js';
import { requireNoPendingChildren } from '../assignment/stale-pending.js';

const identifierClaims = (item: { serialNumber: string | null; barcode: string | null }) =>
  [item.serialNumber === null ? null : claimOf('serial', item.serialNumber), item.barcode === null ? null : claimOf('barcode', item.barcode)];

/** An item as written, with where it physically is (an assigned child: its parent's location). */
export interface SavedItem extends Saved<ItemDocument> {
  locationId: string;
}

/** Claims, type usage and room are taken first, each given back if a later step fails. */
export const registerItem: Handler<Omit<RegisterItem, 'itemId'>, SavedItem> = (store, request, context) => withRetries(async () => {
  const { model } = store;
  const command = { ...request, itemId: randomUUID() };
  const found = await loadView(model, { itemTypes: [command.itemTypeId], locations: [command.locationId] });
  const view = await loadMore(model, found, { locationTypes: [found.locations.get(command.locationId)?.locationTypeId] });
  const drafts = accepted(decideRegisterItem(command, view.world));
  const refused = await takeClaims(model, command.itemId, newIdentifierClaims(command));
  if (refused) accepted(refused);
  const events = stamp(drafts, command.itemId, 0, context);
  const hold: Hold = { op: events[0]!.metadata.eventId, itemId: command.itemId, n: 1, releaseFrom: null, releaseN: 0, at: Date.now() };
  const capacity = view.world.locationTypes.get(view.locations.get(command.locationId)!.locationTypeId)?.capacity ?? null;
  const used = await model.itemTypes.updateOne({ _id: command.itemTypeId, deleted: false }, { $inc: { usage: 1 } });
  if (used.modifiedCount !== 1 || !(await reserve(model, command.locationId, [hold], capacity))) {
    if (used.modifiedCount === 1) await model.itemTypes.updateOne({ _id: command.itemTypeId }, { $inc: { usage: -1 } });
    await releaseClaims(model, command.itemId, identifierClaims(command));
    throw new WriteConflict(`item type or location changed meanwhile`);
  }
  const { itemId, ...fields } = command;
  const document = newDocument(itemId, { ...fields, parentId: null, children: [], pendingChildren: [], ...withHeldOp({}, hold.op) }, events) as ItemDocument;
  await model.items.insertOne(document);
  store.wake('items', document._id);
  await settle(model, command.locationId, [hold]);
  return { events, document, locationId: command.locationId };
});

export const updateItem: Handler<UpdateItem, SavedItem> = (store, command, context) => withRetries(async () => {
  const { model } = store;
  const view = await loadView(model, { items: [command.itemId] });
  const current = view.items.get(command.itemId);
  const withType = await loadMore(model, view, { itemTypes: [current?.itemTypeId], items: [current?.parentId] });
  const drafts = accepted(decideUpdateItem(command, withType.world));
  const next = drafts[0]!.data as { serialNumber: string | null; barcode: string | null; name: string; attributes: Record<string, string> };
  const refused = await takeClaims(model, command.itemId, newIdentifierClaims(next, current));
  if (refused) accepted(refused);
  const events = stamp(drafts, current!._id, current!.version, context);
  let document: ItemDocument;
  try {
    document = await commit(model.items, current!, { name: next.name, serialNumber: next.serialNumber, barcode: next.barcode, attributes: next.attributes }, events);
  } catch (error) {
    await releaseClaims(model, command.itemId, identifierClaims(next).filter((claim) => !identifierClaims(current!).includes(claim)));
    throw error;
  }
  store.wake('items', current!._id);
  await releaseClaims(model, command.itemId, identifierClaims(current!).filter((claim) => !identifierClaims(next).includes(claim)));
  return { events, document, locationId: physicalLocationOf(withType.world, withType.world.items.get(command.itemId)!)! };
});

/** The departure is recorded as a hold first, so the freed slot is not lost if we die after the commit. */
export const retireItem: Handler<RetireItem> = (store, command, context) => withRetries(async () => {
  const { model } = store;
  const view = await loadView(model, { items: [command.itemId] });
  const drafts = accepted(decideRetireItem(command, view.world));
  const item = view.items.get(command.itemId)!;
  await requireNoPendingChildren(model, item);
  const events = stamp(drafts, item._id, item.version, context);
  const hold: Hold = { op: events[0]!.metadata.eventId, itemId: item._id, n: 0, releaseFrom: item.locationId, releaseN: 1, at: Date.now() };
  await recordDeparture(model, item.locationId!, hold);
  try {
    await commit(model.items, item, { deleted: true, recentOps: [hold.op] }, events, { pendingChildren: { $size: 0 } });
  } catch (error) {
    await undo(model, item.locationId!, hold);
    throw error;
  }
  store.wake('items', item._id);
  await settle(model, item.locationId!, [hold]);
  await model.itemTypes.updateOne({ _id: item.itemTypeId }, { $inc: { usage: -1 } });
  await releaseClaims(model, item._id, identifierClaims(item));
  return events;
});
