import type { InventoryStatusQuery, InventoryStatusReport } from '@inventory/contracts';
import type { KnownLocation } from '../locations/read-locations.js';

export type InventoryStatusRow = InventoryStatusReport['locations'][number];

/**
 * Rolls per-location counts up the tree in memory (O(locations)), in depth-first order from the
 * roots. Rolling up at query time keeps a re-parent a single-document write.
 */
export function buildInventoryStatus(locations: readonly KnownLocation[], { rootId, itemType }: InventoryStatusQuery): InventoryStatusRow[] {
  const byId = new Map(locations.map((location) => [location._id, location]));
  const children = new Map<string, KnownLocation[]>();
  const roots: KnownLocation[] = [];
  // By code, then id: a deleted location's code can be taken again, and the order must not depend on read order.
  for (const location of [...locations].sort((a, b) => a.code.localeCompare(b.code) || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0))) {
    const parent = location.parentLocationId === null ? undefined : byId.get(location.parentLocationId);
    if (parent) children.set(parent._id, [...(children.get(parent._id) ?? []), location]);
    else roots.push(location);
  }
  // Item types are ordered once, then each location's counts by that rank (same order, ~10 compares instead of ~25 per location).
  const typeIds = [...new Set(locations.flatMap((location) => Object.keys(location.byItemType ?? {})))].sort((a, b) => a.localeCompare(b));
  const rank = new Map(typeIds.map((id, position) => [id, position]));
  const rows: InventoryStatusRow[] = [];
  const visited = new Set<string>();
  const visit = (location: KnownLocation, depth: number): number => {
    visited.add(location._id);
    const byItemType = Object.entries(location.byItemType ?? {})
      .filter(([typeId, count]) => count !== 0 && (itemType === undefined || typeId === itemType))
      .sort(([a], [b]) => rank.get(a)! - rank.get(b)!)
      .map(([itemTypeId, itemCount]) => ({ itemTypeId, itemCount }));
    const itemCount = byItemType.reduce((sum, { itemCount: n }) => sum + n, 0);
    const row: InventoryStatusRow = { locationId: location._id, code: location.code, name: location.name, parentLocationId: location.parentLocationId, depth, itemCount, totalItemCount: itemCount, byItemType };
    rows.push(row);
    for (const child of children.get(location._id) ?? []) if (!visited.has(child._id)) row.totalItemCount += visit(child, depth + 1);
    return row.totalItemCount;
  };
  const start = rootId === undefined ? roots : [byId.get(rootId)!];
  for (const root of start) visit(root, 0);
  // Re-parent events of different locations may be applied out of order for a moment: a transient
  // cycle has no root, so its members are listed from wherever the cycle is entered.
  if (rootId === undefined) for (const location of locations) if (!visited.has(location._id)) visit(location, 0);
  return rows;
}
