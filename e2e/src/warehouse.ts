import type { ItemResult, ItemTypeResult, LocationResult, LocationTypeResult } from '@inventory/contracts';
import type { ContractClient } from './contract-client.js';

export interface Warehouse {
  palletTypeId: string;
  laptopTypeId: string;
  binIds: string[];
  warehouseId: string;
  /** Consistency token of the last command that built it. */
  consistencyToken: string;
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
  let consistencyToken = warehouse.consistencyToken;
  for (let index = 0; index < binCount; index += 1) {
    const created = await client.ok<LocationResult>('POST', '/locations', {
      code: `${tag}-B${index}`, name: `Bin ${index}`, locationTypeId: bin.locationType.id, parentLocationId: warehouse.location.id,
    });
    binIds.push(created.location.id);
    consistencyToken = created.consistencyToken;
  }
  return { palletTypeId: pallet.itemType.id, laptopTypeId: laptop.itemType.id, binIds, warehouseId: warehouse.location.id, consistencyToken };
}

export async function registerItem(client: ContractClient, itemTypeId: string, kind: 'PARENT' | 'CHILD', name: string, locationId: string): Promise<ItemResult> {
  return client.ok<ItemResult>('POST', '/items', { itemTypeId, kind, name, locationId });
}

/**
 * Waits until the read side has applied `consistencyToken`, however long the backlog: a stack
 * started beside earlier tests first projects every event already on the topics. Only this
 * warm-up retries; the tests themselves use the service's normal bounded wait.
 */
export async function waitForReadSide(client: ContractClient, path: string, consistencyToken: string, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { status, body } = await client.call<{ code?: string }>('GET', path, undefined, { 'Consistency-Token': consistencyToken });
    if (status < 400) return;
    if (body.code !== 'CONSISTENCY_TIMEOUT' || Date.now() > deadline) throw new Error(`read side not ready: ${status} ${JSON.stringify(body)}`);
  }
}
