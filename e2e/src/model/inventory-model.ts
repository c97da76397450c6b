/**
 * The reference model of the model-based e2e suite, written from the SPEC (not from the services'
 * code): what the inventory holds after a sequence of commands, and which refusals the SPEC allows
 * for a command. Where several rules are broken at once the SPEC does not say which one is named,
 * so a prediction is the set of acceptable error codes (empty: the command must be accepted).
 */
import type { ErrorCode, Role } from '@inventory/contracts';

export type TypeKey = 'pallet' | 'laptop' | 'cable';
export type LocationTypeKey = 'site' | 'bin' | 'rack';

/** Location types of every run's world: a bin holds 3 items, a rack only pallets (SPEC: capacity and type restrictions). */
export const LOCATION_TYPES: Record<LocationTypeKey, { capacity: number | null; allowed: readonly TypeKey[] | null }> = {
  site: { capacity: null, allowed: null },
  bin: { capacity: 3, allowed: null },
  rack: { capacity: null, allowed: ['pallet'] },
};

export interface ModelLocation {
  key: string;
  id: string;
  typeKey: LocationTypeKey;
  parentId: string | null;
  active: boolean;
  deleted: boolean;
}

/** One line the item's history must show, in order (SPEC: every move and assignment change). */
export interface ExpectedHistory {
  kind: 'MOVED' | 'MOVED_WITH_PARENT' | 'ASSIGNED' | 'RELEASED';
  fromLocationId: string | null;
  toLocationId: string | null;
  parentId: string | null;
  actorId: string;
}

export interface ModelItem {
  id: string;
  kind: 'PARENT' | 'CHILD';
  typeKey: TypeKey;
  /** Where it physically is (for an assigned child, its parent's location). */
  locationId: string;
  parentId: string | null;
  retired: boolean;
  history: ExpectedHistory[];
}

export interface ModelUser {
  username: string;
  email: string;
  id: string;
  roles: Role[];
}

/** An accepted move of a pallet, for the date-range report (property 7). */
export interface ModelMove {
  itemTypeKey: TypeKey;
  occurredAt: string;
}

export class InventoryModel {
  readonly locations: ModelLocation[] = [];
  readonly items: ModelItem[] = [];
  readonly users: ModelUser[] = [];
  readonly moves: ModelMove[] = [];

  location(id: string): ModelLocation {
    const found = this.locations.find((location) => location.id === id);
    if (!found) throw new Error(`model has no location ${id}`);
    return found;
  }

  item(id: string): ModelItem {
    const found = this.items.find((item) => item.id === id);
    if (!found) throw new Error(`model has no item ${id}`);
    return found;
  }

  liveItems(): ModelItem[] {
    return this.items.filter((item) => !item.retired);
  }

  childrenOf(parentId: string): ModelItem[] {
    return this.liveItems().filter((item) => item.parentId === parentId);
  }

  /** Items physically at the location, assigned children included (what capacity counts). */
  itemsAt(locationId: string): ModelItem[] {
    return this.liveItems().filter((item) => item.locationId === locationId);
  }

  subLocationsOf(locationId: string): ModelLocation[] {
    return this.locations.filter((location) => !location.deleted && location.parentId === locationId);
  }

  /** The location and everything below it. */
  subtreeOf(locationId: string): ModelLocation[] {
    return [this.location(locationId), ...this.subLocationsOf(locationId).flatMap((child) => this.subtreeOf(child.id))];
  }

  /** Why `types` may not arrive at the location (SPEC requirement 2): inactive, type not accepted, no room. */
  arrivalRefusals(locationId: string, types: readonly TypeKey[]): ErrorCode[] {
    const destination = this.location(locationId);
    if (destination.deleted) return ['LOCATION_NOT_FOUND'];
    const rules = LOCATION_TYPES[destination.typeKey];
    const refusals: ErrorCode[] = [];
    if (!destination.active) refusals.push('LOCATION_INACTIVE');
    if (rules.allowed && types.some((type) => !rules.allowed!.includes(type))) refusals.push('ITEM_TYPE_NOT_ALLOWED');
    if (rules.capacity !== null && this.itemsAt(locationId).length + types.length > rules.capacity) refusals.push('CAPACITY_EXCEEDED');
    return refusals;
  }

  predictRegister(typeKey: TypeKey, locationId: string): ErrorCode[] {
    return this.arrivalRefusals(locationId, [typeKey]);
  }

  predictMove(itemId: string, toLocationId: string): ErrorCode[] {
    const item = this.item(itemId);
    if (item.retired) return ['ITEM_NOT_FOUND'];
    if (this.location(toLocationId).deleted) return ['LOCATION_NOT_FOUND'];
    const refusals: ErrorCode[] = [];
    if (item.parentId !== null) refusals.push('CHILD_ASSIGNED_MOVE_REFUSED');
    if (item.locationId === toLocationId) refusals.push('NO_OP_MOVE');
    const travelling = [item.typeKey, ...this.childrenOf(itemId).map((child) => child.typeKey)];
    return [...refusals, ...(item.locationId === toLocationId ? [] : this.arrivalRefusals(toLocationId, travelling))];
  }

  predictAssign(childId: string, parentId: string): ErrorCode[] {
    const child = this.item(childId);
    const parent = this.item(parentId);
    if (child.retired || parent.retired) return ['ITEM_NOT_FOUND'];
    const refusals: ErrorCode[] = [];
    if (child.kind !== 'CHILD') refusals.push('PARENT_CANNOT_BE_CHILD');
    if (parent.kind !== 'PARENT') refusals.push('CHILD_CANNOT_BE_PARENT');
    if (child.parentId !== null) refusals.push('CHILD_ALREADY_ASSIGNED');
    // The child joins its parent's location: an arrival there unless it is already there.
    if (child.locationId !== parent.locationId) refusals.push(...this.arrivalRefusals(parent.locationId, [child.typeKey]));
    return refusals;
  }

  predictRelease(childId: string): ErrorCode[] {
    const child = this.item(childId);
    if (child.retired) return ['ITEM_NOT_FOUND'];
    return child.parentId === null ? ['CHILD_NOT_ASSIGNED'] : [];
  }

  predictRetire(itemId: string): ErrorCode[] {
    const item = this.item(itemId);
    if (item.retired) return ['ITEM_NOT_FOUND'];
    if (item.parentId !== null) return ['CHILD_ASSIGNED_RETIRE_REFUSED'];
    return this.childrenOf(itemId).length > 0 ? ['HAS_DEPENDANTS'] : [];
  }

  /** SPEC requirement 4: refused while items are at it or sub-locations inside it. */
  predictDeleteLocation(locationId: string): ErrorCode[] {
    const location = this.location(locationId);
    if (location.deleted) return ['LOCATION_NOT_FOUND'];
    return this.itemsAt(locationId).length > 0 || this.subLocationsOf(locationId).length > 0 ? ['HAS_DEPENDANTS'] : [];
  }

  predictSetActive(locationId: string): ErrorCode[] {
    return this.location(locationId).deleted ? ['LOCATION_NOT_FOUND'] : [];
  }

  /** A location cannot be its own ancestor; nothing new goes inside an inactive location. */
  predictReparent(locationId: string, newParentId: string): ErrorCode[] {
    const location = this.location(locationId);
    const parent = this.location(newParentId);
    if (location.deleted || parent.deleted) return ['LOCATION_NOT_FOUND'];
    if (location.parentId === newParentId) return [];
    const refusals: ErrorCode[] = [];
    if (!parent.active) refusals.push('LOCATION_INACTIVE');
    if (this.subtreeOf(locationId).some((inside) => inside.id === newParentId)) refusals.push('LOCATION_CYCLE');
    return refusals;
  }

  // --- effects of accepted commands ---

  register(id: string, kind: ModelItem['kind'], typeKey: TypeKey, locationId: string): void {
    this.items.push({ id, kind, typeKey, locationId, parentId: null, retired: false, history: [] });
  }

  move(itemId: string, toLocationId: string, actorId: string, occurredAt: string): void {
    const item = this.item(itemId);
    item.history.push({ kind: 'MOVED', fromLocationId: item.locationId, toLocationId, parentId: null, actorId });
    for (const child of this.childrenOf(itemId)) {
      child.history.push({ kind: 'MOVED_WITH_PARENT', fromLocationId: child.locationId, toLocationId, parentId: itemId, actorId });
      child.locationId = toLocationId;
    }
    item.locationId = toLocationId;
    this.moves.push({ itemTypeKey: item.typeKey, occurredAt });
  }

  assign(childId: string, parentId: string, actorId: string): void {
    const child = this.item(childId);
    const parent = this.item(parentId);
    child.history.push({ kind: 'ASSIGNED', fromLocationId: child.locationId, toLocationId: parent.locationId, parentId, actorId });
    child.parentId = parentId;
    child.locationId = parent.locationId;
  }

  release(childId: string, actorId: string): void {
    const child = this.item(childId);
    child.history.push({ kind: 'RELEASED', fromLocationId: child.locationId, toLocationId: child.locationId, parentId: child.parentId, actorId });
    child.parentId = null;
  }
}
