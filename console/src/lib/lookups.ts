import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { components } from '../api/schema';

type Item = components['schemas']['Item'];
type Location = components['schemas']['Location'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The location whose code this is (codes are unique), or undefined. */
export async function locationByCode(code: string): Promise<Location | undefined> {
  const page = await unwrap(api.GET('/locations', { params: { query: { code: code.trim(), limit: 1 } } }));
  return page.items[0];
}

/**
 * The item a scanned or typed code names: its barcode, else its serial number, else its id — what
 * the printed labels encode (labels-screen.tsx), so a label always scans back to its item.
 */
export async function itemByCode(code: string): Promise<Item | undefined> {
  const value = code.trim();
  if (!value) return undefined;
  for (const key of ['barcode', 'serial'] as const) {
    const page = await unwrap(api.GET('/items', { params: { query: { [key]: value, limit: 1 } } }));
    if (page.items[0]) return page.items[0];
  }
  if (!UUID.test(value)) return undefined;
  const { data } = await api.GET('/items/{id}', { params: { path: { id: value } } });
  return data;
}

/** Every item type (first 500, ample for pickers), by name. */
export async function itemTypes(): Promise<components['schemas']['ItemType'][]> {
  return (await unwrap(api.GET('/item-types', { params: { query: { limit: 500 } } }))).items;
}

export async function locationTypes(): Promise<components['schemas']['LocationType'][]> {
  return (await unwrap(api.GET('/location-types', { params: { query: { limit: 500 } } }))).items;
}

/** The code a label carries for an item (see itemByCode). */
export const itemCode = (item: Pick<Item, 'id' | 'barcode' | 'serialNumber'>): string => item.barcode ?? item.serialNumber ?? item.id;
