import { claimOf } from './claims.js';
import type { EventDraft } from './decision.js';
import type { ItemState, LocationState, World } from './state.js';

/** Copy-on-write view of a world: evolve never mutates its input, so a rejected step leaves nothing behind. */
class Draft {
  readonly locationTypes;
  readonly itemTypes;
  readonly locations;
  readonly items;
  readonly claims;

  constructor(base: World) {
    this.locationTypes = new Map(base.locationTypes);
    this.itemTypes = new Map(base.itemTypes);
    this.locations = new Map(base.locations);
    this.items = new Map(base.items);
    this.claims = new Set(base.claims);
  }

  item(id: string): ItemState {
    return this.items.get(id)!;
  }

  patchLocation(id: string | null, patch: (location: LocationState) => Partial<LocationState>): void {
    const location = id === null ? undefined : this.locations.get(id);
    if (location) this.locations.set(location.id, { ...location, ...patch(location) });
  }

  count(locationId: string | null, delta: number): void {
    this.patchLocation(locationId, ({ occupancy }) => ({ occupancy: occupancy + delta }));
  }

  countSubLocation(parentLocationId: string | null, delta: number): void {
    this.patchLocation(parentLocationId, ({ subLocations }) => ({ subLocations: subLocations + delta }));
  }

  useType(map: Map<string, { usage: number }>, id: string, delta: number): void {
    const type = map.get(id);
    if (type) map.set(id, { ...type, usage: type.usage + delta } as never);
  }

  swapClaim(previous: string | null, next: string | null): void {
    if (previous !== null) this.claims.delete(previous);
    if (next !== null) this.claims.add(next);
  }
}

const serialClaim = (value: string | null) => (value === null ? null : claimOf('serial', value));
const barcodeClaim = (value: string | null) => (value === null ? null : claimOf('barcode', value));

/** Applies one accepted event, keeping every counter (occupancy, usage, sub-locations) and claim in step. */
export function evolve(world: World, event: EventDraft): World {
  const next = new Draft(world);
  switch (event.type) {
    case 'LocationTypeDefined':
    case 'LocationTypeUpdated': {
      const { locationTypeId: id, name, allowedItemTypeIds, capacity } = event.data;
      const current = world.locationTypes.get(id);
      next.swapClaim(current ? claimOf('location-type-name', current.name) : null, claimOf('location-type-name', name));
      next.locationTypes.set(id, { id, name, allowedItemTypeIds, capacity, usage: current?.usage ?? 0 });
      break;
    }
    case 'LocationTypeRemoved':
      next.swapClaim(claimOf('location-type-name', world.locationTypes.get(event.data.locationTypeId)!.name), null);
      next.locationTypes.delete(event.data.locationTypeId);
      break;
    case 'ItemTypeDefined':
    case 'ItemTypeUpdated': {
      const { itemTypeId: id, name, attributesSchema } = event.data;
      const current = world.itemTypes.get(id);
      next.swapClaim(current ? claimOf('item-type-name', current.name) : null, claimOf('item-type-name', name));
      next.itemTypes.set(id, { id, name, attributesSchema, usage: current?.usage ?? 0 });
      break;
    }
    case 'ItemTypeRemoved':
      next.swapClaim(claimOf('item-type-name', world.itemTypes.get(event.data.itemTypeId)!.name), null);
      next.itemTypes.delete(event.data.itemTypeId);
      break;
    case 'LocationCreated': {
      const { locationId: id, code, name, locationTypeId, parentLocationId } = event.data;
      next.locations.set(id, { id, code, name, locationTypeId, parentLocationId, active: true, occupancy: 0, subLocations: 0 });
      next.swapClaim(null, claimOf('location-code', code));
      next.useType(next.locationTypes, locationTypeId, 1);
      next.countSubLocation(parentLocationId, 1);
      break;
    }
    case 'LocationUpdated': {
      const { locationId: id, code, name, parentLocationId, active } = event.data;
      const current = world.locations.get(id)!;
      next.swapClaim(claimOf('location-code', current.code), claimOf('location-code', code));
      next.countSubLocation(current.parentLocationId, -1);
      next.countSubLocation(parentLocationId, 1);
      next.patchLocation(id, () => ({ code, name, parentLocationId, active }));
      break;
    }
    case 'LocationDeleted': {
      const current = world.locations.get(event.data.locationId)!;
      next.swapClaim(claimOf('location-code', current.code), null);
      next.useType(next.locationTypes, current.locationTypeId, -1);
      next.countSubLocation(current.parentLocationId, -1);
      next.locations.delete(current.id);
      break;
    }
    case 'ItemRegistered': {
      const { itemId: id, itemTypeId, kind, name, serialNumber, barcode, attributes, locationId } = event.data;
      next.items.set(id, { id, kind, itemTypeId, name, serialNumber, barcode, attributes, locationId, parentId: null, children: [] });
      next.swapClaim(null, serialClaim(serialNumber));
      next.swapClaim(null, barcodeClaim(barcode));
      next.useType(next.itemTypes, itemTypeId, 1);
      next.count(locationId, 1);
      break;
    }
    case 'ItemUpdated': {
      const { itemId: id, name, serialNumber, barcode, attributes } = event.data;
      const current = next.item(id);
      next.swapClaim(serialClaim(current.serialNumber), serialClaim(serialNumber));
      next.swapClaim(barcodeClaim(current.barcode), barcodeClaim(barcode));
      next.items.set(id, { ...current, name, serialNumber, barcode, attributes });
      break;
    }
    case 'ItemRetired': {
      const current = next.item(event.data.itemId);
      next.swapClaim(serialClaim(current.serialNumber), null);
      next.swapClaim(barcodeClaim(current.barcode), null);
      next.useType(next.itemTypes, current.itemTypeId, -1);
      next.count(event.data.lastLocationId, -1);
      next.items.delete(current.id);
      break;
    }
    case 'ItemMoved': {
      const { itemId, fromLocationId, toLocationId, movedChildIds } = event.data;
      const travelling = 1 + movedChildIds.length;
      next.count(fromLocationId, -travelling);
      next.count(toLocationId, travelling);
      next.items.set(itemId, { ...next.item(itemId), locationId: toLocationId });
      break;
    }
    case 'ChildAssigned': {
      const { childId, parentId, fromLocationId, toLocationId } = event.data;
      const child = next.item(childId);
      const parent = next.item(parentId);
      next.count(fromLocationId, -1);
      next.count(toLocationId, 1);
      next.items.set(childId, { ...child, locationId: null, parentId });
      next.items.set(parentId, { ...parent, children: [...parent.children, { id: childId, itemTypeId: child.itemTypeId }] });
      break;
    }
    case 'ChildReleased': {
      const { childId, parentId, locationId } = event.data;
      const parent = next.item(parentId);
      next.items.set(childId, { ...next.item(childId), locationId, parentId: null });
      next.items.set(parentId, { ...parent, children: parent.children.filter((child) => child.id !== childId) });
      break;
    }
  }
  return next;
}
