/**
 * What the load benchmark needs through the API before it starts: an item type, a site with the
 * locations the seeded items fill (under a few aisles, so their creations do not all contend for
 * one parent's counter), bins for the workload's own items, and those items as parent-child pairs.
 */
import { MAX_BULK_ITEMS, type BulkRegisterItemsResult, type ItemTypeResult, type LocationResult, type LocationTypeResult } from '@inventory/contracts';
import type { ApiClient } from '@inventory/tools';
import pLimit from 'p-limit';
import type { WorkingItem } from './driver.js';

export interface LoadCatalog {
  itemTypeId: string;
  /** Where the seeded items are. */
  seededLocationIds: string[];
  /** Where the workload's own items move. */
  binIds: string[];
  /** Parent, child, parent, child, …: pair p is working[2p] and working[2p + 1]. */
  working: WorkingItem[];
  /** Of the last command, for waiting until the read side has it all. */
  consistencyToken: string;
}

const PER_AISLE = 100;

export async function buildLoadCatalog(api: ApiClient, tag: string, { locations, bins, pairs }: { locations: number; bins: number; pairs: number }, onProgress: (done: number, total: number) => void = () => undefined): Promise<LoadCatalog> {
  const itemTypeId = (await api.request<ItemTypeResult>('POST', '/item-types', { name: `Crate ${tag}` })).itemType.id;
  const site = (await api.request<LocationTypeResult>('POST', '/location-types', { name: `Site ${tag}` })).locationType.id;
  const bay = (await api.request<LocationTypeResult>('POST', '/location-types', { name: `Bay ${tag}` })).locationType.id;
  const root = (await api.request<LocationResult>('POST', '/locations', { code: `LOAD-${tag}`, name: `Load run ${tag}`, locationTypeId: site })).location.id;
  const aisles: string[] = [];
  for (let a = 0; a < Math.ceil((locations + bins) / PER_AISLE); a++) {
    aisles.push((await api.request<LocationResult>('POST', '/locations', { code: `LOAD-${tag}-A${a}`, name: `Aisle ${a}`, locationTypeId: site, parentLocationId: root })).location.id);
  }
  const limit = pLimit(8);
  let done = 0;
  let consistencyToken = '';
  const create = (code: string, index: number) => limit(async () => {
    const created = await api.request<LocationResult>('POST', '/locations', { code: `LOAD-${tag}-${code}`, name: code, locationTypeId: bay, parentLocationId: aisles[index % aisles.length] });
    onProgress((done += 1), locations + bins);
    return created.location.id;
  });
  const seededLocationIds = await Promise.all(Array.from({ length: locations }, (_, n) => create(`L${n}`, n)));
  const binIds = await Promise.all(Array.from({ length: bins }, (_, n) => create(`B${n}`, locations + n)));
  const working: WorkingItem[] = [];
  const wanted = Array.from({ length: pairs * 2 }, (_, n) => ({ itemTypeId, kind: n % 2 === 0 ? 'PARENT' as const : 'CHILD' as const, name: `load ${tag} ${n}`, locationId: binIds[Math.floor(n / 2) % binIds.length]! }));
  for (let from = 0; from < wanted.length; from += MAX_BULK_ITEMS) {
    const result = await api.request<BulkRegisterItemsResult>('POST', '/items/bulk', { items: wanted.slice(from, from + MAX_BULK_ITEMS) });
    for (const outcome of result.results) {
      if (outcome.outcome !== 'REGISTERED') throw new Error(`registering the workload's items: ${JSON.stringify(outcome)}`);
      working.push({ id: outcome.item.id, kind: outcome.item.kind, locationId: outcome.item.locationId!, parentId: null });
    }
    consistencyToken = result.consistencyToken;
  }
  return { itemTypeId, seededLocationIds, binIds, working, consistencyToken };
}
