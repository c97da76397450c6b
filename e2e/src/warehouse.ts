import type { ItemResult, ItemTypeResult, LocationResult, LocationTypeResult } from '@inventory/contracts';
import type { ContractClient } from './contract-client.js';

export interface Warehouse {
  palletTypeId: string;
  laptopTypeId: string;
  binIds: string[];
  warehouseId: string;
}

/** A small warehouse with `binCount` bins, created through the API with a unique tag so runs never collide. */
export async function buildWarehouse(client: ContractClient, tag: string, binCount: number): Promise<Warehouse> {
  const typeName = (name: string) => `${name} ${tag}`;
  const pallet = await client.ok<ItemTypeResult>('POST', '/item-types', { name: typeName('Pallet') });
  const laptop = await client.ok<ItemTypeResult>('POST', '/item-types', { name: typeName('Laptop') });
  const site = await client.ok<LocationTypeResult>('POST', '/location-types', { name: typeName('Site') });
  const bin = await client.ok<LocationTypeResult>('POST', '/location-types', { name: typeName('Bin') });
  const warehouse = await client.ok<LocationResult>('POST', '/locations', { code: `${tag}-W`, name: 'Main warehouse', locationTypeId: site.locationType.id });
  const binIds: string[] = [];
  for (let index = 0; index < binCount; index += 1) {
    const created = await client.ok<LocationResult>('POST', '/locations', {
      code: `${tag}-B${index}`, name: `Bin ${index}`, locationTypeId: bin.locationType.id, parentLocationId: warehouse.location.id,
    });
    binIds.push(created.location.id);
  }
  return { palletTypeId: pallet.itemType.id, laptopTypeId: laptop.itemType.id, binIds, warehouseId: warehouse.location.id };
}

export async function registerItem(client: ContractClient, itemTypeId: string, kind: 'PARENT' | 'CHILD', name: string, locationId: string): Promise<ItemResult> {
  return client.ok<ItemResult>('POST', '/items', { itemTypeId, kind, name, locationId });
}
