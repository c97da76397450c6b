import { randomUUID } from 'node:crypto';
import { noPendingAssignment } from '../assignment/stale-pending.js';
import { physicalLocationOf, type ItemState } from '../domain/state.js';
import { handlerOf, type CommandSpec, type Ran } from '../store/command-handler.js';
import type { ItemDocument } from '../store/documents.js';
import { destinationAt, capacityHold, departureHold, type Hold } from '../store/holds.js';
import { claimsProtocol, countOn, uncountOn } from '../store/protocols.js';
import type { Handler } from '../store/store.js';
import { loadMore, loadView } from '../store/view.js';
import { identifierClaims, itemDecider, type ItemCommand, type ItemEvent, type RegisterItem, type RetireItem, type UpdateItem } from './decider.js';

/** An item as written, with where it physically is (an assigned child: its parent's location). */
export interface SavedItem extends Ran<ItemState, ItemDocument> {
  locationId: string;
}

/** Where the committed item physically is (an assigned child: its parent's location). */
export const physicalLocationOfItem = ({ view, after }: Ran<ItemState, ItemDocument>): string => physicalLocationOf(view.world, after!)!;

/**
 * Besides its serial number and barcode (claims), an item is counted on its type (usage) and takes
 * room where it is: a registration holds a slot at its location, a retirement records its departure.
 * Claims, usage and room are taken first, each given back if a later step fails.
 */
const spec: CommandSpec<ItemCommand, ItemState, ItemEvent, 'items'> = {
  family: 'items',
  decider: itemDecider,
  aggregateId: (command) => command.itemId,
  async load(model, command) {
    switch (command.type) {
      case 'RegisterItem': {
        const found = await loadView(model, { itemTypes: [command.itemTypeId], locations: [command.locationId] });
        return loadMore(model, found, { locationTypes: [found.locations.get(command.locationId)?.locationTypeId] });
      }
      case 'UpdateItem': {
        const found = await loadView(model, { items: [command.itemId] });
        const current = found.items.get(command.itemId);
        return loadMore(model, found, { itemTypes: [current?.itemTypeId], items: [current?.parentId] });
      }
      default:
        return loadView(model, { items: [command.itemId] });
    }
  },
  protocols(model, { command, view, current, before, after, op }) {
    const claims = claimsProtocol(model, command.itemId, identifierClaims(before), identifierClaims(after));
    switch (command.type) {
      case 'RegisterItem': {
        const hold: Hold = { op, itemId: command.itemId, n: 1, releaseFrom: null, releaseN: 0, at: Date.now() };
        return [claims, countOn(model.itemTypes, command.itemTypeId, 'usage', { deleted: false }), capacityHold(model, command.locationId, hold, destinationAt(view, command.locationId), {})];
      }
      case 'UpdateItem':
        return [claims];
      case 'RetireItem': {
        const hold: Hold = { op, itemId: command.itemId, n: 0, releaseFrom: before!.locationId, releaseN: 1, at: Date.now() };
        return [claims, uncountOn(model.itemTypes, before!.itemTypeId, 'usage'), noPendingAssignment(model, current!), departureHold(model, before!.locationId!, hold)];
      }
    }
  },
  newFields: { pendingChildren: [] },
};

const run = handlerOf(spec);

export const registerItem: Handler<Omit<RegisterItem, 'itemId'>, SavedItem> = async (store, request, context) => {
  const ran = await run(store, { type: 'RegisterItem', ...request, itemId: randomUUID() }, context);
  return { ...ran, locationId: physicalLocationOfItem(ran) };
};

export const updateItem: Handler<UpdateItem, Ran<ItemState, ItemDocument>> = (store, request, context) => run(store, { type: 'UpdateItem', ...request }, context);

export const retireItem: Handler<RetireItem, Ran<ItemState, ItemDocument>> = (store, request, context) => run(store, { type: 'RetireItem', ...request }, context);
