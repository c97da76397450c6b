import type { ItemRegistered } from '@inventory/contracts';

/**
 * The write model as pure data. The same shapes are what the store loads (only the documents a
 * command touches) and what property tests evolve as a whole world.
 */
export interface LocationTypeState {
  id: string;
  name: string;
  allowedItemTypeIds: string[] | null;
  capacity: number | null;
  /** Locations of this type: removal needs 0. */
  usage: number;
}

export interface ItemTypeState {
  id: string;
  name: string;
  attributesSchema: string | null;
  /** Items of this type: removal needs 0. */
  usage: number;
}

export interface LocationState {
  id: string;
  code: string;
  name: string;
  locationTypeId: string;
  parentLocationId: string | null;
  active: boolean;
  /** Items physically here, assigned children included (what capacity limits). */
  occupancy: number;
  subLocations: number;
}

/** A parent's assigned child, with its type so a move can check the destination without loading it. */
export interface ChildRef {
  id: string;
  itemTypeId: string;
}

/** The registered item's fields (from its event), plus where it is now and what it carries. */
export interface ItemState extends Omit<ItemRegistered['data'], 'itemId' | 'locationId'> {
  id: string;
  /** null while assigned: a child is wherever its parent is. */
  locationId: string | null;
  parentId: string | null;
  children: ChildRef[];
}

/** Deleted or removed aggregates are absent: every rule treats them as unknown. */
export interface World {
  locationTypes: ReadonlyMap<string, LocationTypeState>;
  itemTypes: ReadonlyMap<string, ItemTypeState>;
  locations: ReadonlyMap<string, LocationState>;
  items: ReadonlyMap<string, ItemState>;
  /** Taken unique values, `<kind>:<normalized value>` (see claims.ts). */
  claims: ReadonlySet<string>;
}

export const emptyWorld = (): World => ({
  locationTypes: new Map(),
  itemTypes: new Map(),
  locations: new Map(),
  items: new Map(),
  claims: new Set(),
});

/** Where an item physically is: its own location, or its parent's. */
export function physicalLocationOf(world: World, item: ItemState): string | null {
  if (item.locationId !== null) return item.locationId;
  return item.parentId === null ? null : world.items.get(item.parentId)?.locationId ?? null;
}
