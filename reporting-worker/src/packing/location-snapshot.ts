import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { LocationDoc } from '../locations/location-counts.js';
import type { IdTable } from './id-table.js';

/** A location's document without its markers: what the snapshot keeps of it. */
export type LocationState = Omit<LocationDoc, 'applied'>;

type Packed = [id: number, code: string | null, name: string | null, type: number, parent: number, active: number, deleted: number, itemCount: number, byItemType: number[]];

const UNSET = -1;
const NULL_PARENT = -2;
const flag = (value: boolean | undefined): number => (value === undefined ? UNSET : Number(value));
const unflag = (value: number): boolean | undefined => (value === UNSET ? undefined : value === 1);

export const idsOfLocation = ({ _id, locationTypeId, parentLocationId, byItemType }: LocationState): string[] =>
  [_id, ...(locationTypeId ? [locationTypeId] : []), ...(parentLocationId ? [parentLocationId] : []), ...Object.keys(byItemType ?? {})];

/** Every location in one deflated JSON value, ids as id-table positions: one small field to read instead of ~20 per location. */
export function encodeLocations(locations: Iterable<LocationState>, table: IdTable): Buffer {
  const packed: Packed[] = [...locations].map(({ _id, code, name, locationTypeId, parentLocationId, active, deleted, itemCount, byItemType }) => [
    table.positionOf(_id), code ?? null, name ?? null,
    locationTypeId === undefined ? UNSET : table.positionOf(locationTypeId),
    parentLocationId === undefined ? UNSET : parentLocationId === null ? NULL_PARENT : table.positionOf(parentLocationId),
    flag(active), flag(deleted), itemCount ?? 0,
    Object.entries(byItemType ?? {}).flatMap(([typeId, n]) => [table.positionOf(typeId), n]),
  ]);
  return deflateRawSync(JSON.stringify(packed));
}

export function decodeLocations(bytes: Uint8Array, table: IdTable): LocationState[] {
  const packed = JSON.parse(inflateRawSync(bytes).toString()) as Packed[];
  return packed.map(([id, code, name, type, parent, active, deleted, itemCount, byItemType]) => {
    const location: LocationState = { _id: table.idAt(id), itemCount, byItemType: {} };
    if (code !== null) location.code = code;
    if (name !== null) location.name = name;
    if (type !== UNSET) location.locationTypeId = table.idAt(type);
    if (parent !== UNSET) location.parentLocationId = parent === NULL_PARENT ? null : table.idAt(parent);
    if (unflag(active) !== undefined) location.active = unflag(active);
    if (unflag(deleted) !== undefined) location.deleted = unflag(deleted);
    for (let i = 0; i < byItemType.length; i += 2) location.byItemType![table.idAt(byItemType[i]!)] = byItemType[i + 1]!;
    return location;
  });
}
