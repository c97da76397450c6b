/**
 * The reports benchmark's fast generator: a synthetic history (catalog, a location tree, item
 * registrations, then moves in time order) folded in memory through the worker's own pure rule
 * (`reportDelta`), written as the compactor leaves it: each bucket and minute log one packed
 * field, every location in the snapshot (packing/), bulk-inserted as each ten-minute span closes
 * instead of applied event by event. Item state and open buckets live in typed arrays; the items
 * collection itself is not written (no report reads it).
 */
import { randomUUID } from 'node:crypto';
import type { EventOfType, InventoryEvent, InventoryEventType } from '@inventory/contracts';
import cliProgress from 'cli-progress';
import type { Collection, Document, OptionalUnlessRequiredId } from 'mongodb';
import { encodeMoves, moveLogId, type LoggedMove } from '../src/aggregation/move-log.js';
import { reportDelta, type BucketIncrement } from '../src/aggregation/report-delta.js';
import { packedText, type MovementCell, type PackedDoc, type ReportCollections } from '../src/aggregation/store.js';
import { IdTable, encodeIds } from '../src/packing/id-table.js';
import { encodeLocations } from '../src/packing/location-snapshot.js';
import { encodeCell } from '../src/packing/packed-cell.js';

export interface SeedSize {
  items: number;
  moves: number;
  locations: number;
  itemTypes: number;
  locationTypes: number;
  /** Moves are spread evenly over this many UTC days from `start`. */
  days: number;
  start: number;
}

export interface Seeded {
  itemTypeIds: string[];
  locationIds: string[];
  documents: number;
}

const TEN_MINUTES_MS = 600_000;
const DAY_MS = 86_400_000;
/** Documents per insertMany; at most two batches in flight while the next span is generated. */
const BATCH = 200;

let eventCount = 0;
function eventOf<T extends InventoryEventType>(type: T, aggregateId: string, aggregateVersion: number, occurredAt: number, data: EventOfType<T>['data']): InventoryEvent {
  eventCount += 1;
  const metadata = { eventId: `bench-${eventCount}`, eventType: type, aggregateId, aggregateVersion, occurredAt, actorId: 'bench', correlationId: 'bench', causationId: null };
  return { type, metadata, data } as InventoryEvent;
}

/** `a.b: n` paths as nested documents, as `$inc` would have left them. */
function nested(flat: Record<string, number>): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  for (const [path, n] of Object.entries(flat)) {
    const keys = path.split('.');
    let at = doc;
    for (const key of keys.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
    at[keys.at(-1)!] = n;
  }
  return doc;
}

const addTo = (docs: Map<string, Record<string, number>>, { id, inc }: BucketIncrement): void => {
  const flat = docs.get(id) ?? {};
  for (const [path, n] of Object.entries(inc)) flat[path] = (flat[path] ?? 0) + n;
  docs.set(id, flat);
};

/** Bounded pipelining of bulk inserts: generation goes on while the store writes. */
class Writer {
  private inFlight: Promise<unknown>[] = [];
  documents = 0;

  async insert<T extends Document>(collection: Collection<T>, docs: OptionalUnlessRequiredId<T>[]): Promise<void> {
    for (let i = 0; i < docs.length; i += BATCH) {
      if (this.inFlight.length >= 2) await this.inFlight.shift();
      this.inFlight.push(collection.insertMany(docs.slice(i, i + BATCH), { ordered: false }));
      this.documents += Math.min(BATCH, docs.length - i);
    }
  }

  async drain(): Promise<void> {
    await Promise.all(this.inFlight.splice(0));
  }
}

export async function seedReports(collections: ReportCollections, size: SeedSize): Promise<Seeded> {
  const writer = new Writer();
  const itemTypeIds = Array.from({ length: size.itemTypes }, () => randomUUID());
  const locationTypeIds = Array.from({ length: size.locationTypes }, () => randomUUID());
  const locationIds = Array.from({ length: size.locations }, () => randomUUID());
  const catalogTypes: Document[] = [];
  const locationSets = new Map<string, Record<string, unknown>>();
  const locationCounts = new Map<string, Record<string, number>>();
  const apply = (event: InventoryEvent, state: Parameters<typeof reportDelta>[1] = null) => {
    const delta = reportDelta(event, state);
    if (delta.catalogType) catalogTypes.push({ _id: delta.catalogType.id, ...delta.catalogType.set });
    if (delta.location) locationSets.set(delta.location.id, { ...locationSets.get(delta.location.id), ...delta.location.set });
    for (const increment of delta.increments) if (increment.collection === 'locations') addTo(locationCounts, increment);
    return delta;
  };
  const before = size.start - 86_400_000;
  itemTypeIds.forEach((itemTypeId, n) => apply(eventOf('ItemTypeDefined', itemTypeId, 1, before, { itemTypeId, name: `item type ${n}`, attributesSchema: null })));
  locationTypeIds.forEach((locationTypeId, n) => apply(eventOf('LocationTypeDefined', locationTypeId, 1, before, { locationTypeId, name: `location type ${n}`, allowedItemTypeIds: null, capacity: null })));
  // A tree: each location under a random earlier one.
  locationIds.forEach((locationId, n) => apply(eventOf('LocationCreated', locationId, 1, before, {
    locationId, code: `L${n}`, name: `Location ${n}`, locationTypeId: locationTypeIds[n % size.locationTypes]!, parentLocationId: n === 0 ? null : locationIds[Math.floor(Math.random() * n)]!,
  })));

  // Item state as the worker keeps it (type, arrival time), plus where each item stands and its version.
  const itemType = new Uint16Array(size.items);
  const itemAt = new Uint32Array(size.items);
  const arrivedAt = new Float64Array(size.items);
  const version = new Uint32Array(size.items);
  const itemId = (n: number): string => `item-${n}`;
  for (let n = 0; n < size.items; n++) {
    itemType[n] = n % size.itemTypes;
    itemAt[n] = Math.floor(Math.random() * size.locations);
    arrivedAt[n] = before;
    version[n] = 1;
    apply(eventOf('ItemRegistered', itemId(n), 1, before, { itemId: itemId(n), itemTypeId: itemTypeIds[itemType[n]!]!, kind: 'PARENT', name: 'item', serialNumber: null, barcode: null, attributes: {}, locationId: locationIds[itemAt[n]!]! }));
  }

  const table = new IdTable([...itemTypeIds, ...locationTypeIds, ...locationIds]);
  const bar = new cliProgress.SingleBar({ format: '[bench reports] seeding moves [{bar}] {value}/{total} · {documents} documents written · eta {eta_formatted}', stream: process.stderr, noTTYOutput: true, notTTYSchedule: 15_000 }, cliProgress.Presets.shades_classic);
  bar.start(size.moves, 0, { documents: 0 });
  // Buckets (day, hour, ten minutes, and their per-type twins) stay open until they end; minute logs until their ten minutes do.
  const buckets = new Map<string, OpenBucket>();
  let logs = new Map<string, LoggedMove[]>();
  const flush = async (until: number): Promise<void> => {
    const closed = [...buckets].filter(([, bucket]) => bucket.end <= until);
    for (const [id] of closed) buckets.delete(id);
    await writer.insert(collections.movements, closed.map(([_id, bucket]) => ({ _id, packed: packedText(encodeCell(bucket.cell(itemTypeIds, locationIds), table)) })));
    await writer.insert(collections.moveLog, [...logs].map(([_id, moves]) => ({ _id, packed: packedText(encodeMoves(moves, table)) })));
    logs = new Map();
    bar.update({ documents: writer.documents });
  };
  const span = size.days * DAY_MS;
  let spanEnd = size.start - (size.start % TEN_MINUTES_MS) + TEN_MINUTES_MS;
  let last: InventoryEvent | undefined;
  for (let n = 0; n < size.moves; n++) {
    const at = size.start + Math.floor((n / size.moves) * span);
    if (at >= spanEnd) {
      await flush(at);
      bar.update(n);
      spanEnd = at - (at % TEN_MINUTES_MS) + TEN_MINUTES_MS;
    }
    const item = Math.floor(Math.random() * size.items);
    const from = itemAt[item]!;
    const to = (from + 1 + Math.floor(Math.random() * (size.locations - 1))) % size.locations;
    version[item] = version[item]! + 1;
    last = eventOf('ItemMoved', itemId(item), version[item]!, at, { itemId: itemId(item), fromLocationId: locationIds[from]!, toLocationId: locationIds[to]!, reason: null, movedChildIds: [] });
    const delta = apply(last, { itemTypeId: itemTypeIds[itemType[item]!]!, arrivedAt: arrivedAt[item]! });
    const { itemId: _itemId, ...move } = delta.move!;
    // The rule's own bucket ids; what it adds to each is the move's type, source, destination and dwell.
    for (const { collection, id } of delta.increments) {
      if (collection !== 'movements') continue;
      let bucket = buckets.get(id);
      if (!bucket) buckets.set(id, (bucket = new OpenBucket(id, at, size.itemTypes, size.locations)));
      bucket.add(itemType[item]!, from, to, move.dwellMs);
    }
    const minute = moveLogId(at);
    if (!logs.has(minute)) logs.set(minute, []);
    logs.get(minute)!.push(move);
    itemAt[item] = to;
    arrivedAt[item] = at;
  }
  await flush(Number.POSITIVE_INFINITY);
  bar.update(size.moves);
  bar.stop();

  const locations = locationIds.map((_id) => ({ _id, ...locationSets.get(_id), ...nested(locationCounts.get(_id) ?? {}) }));
  await writer.insert(collections.catalogTypes, catalogTypes as never[]);
  await writer.insert(collections.locations, locations);
  await writer.insert(collections.packed as unknown as Collection<PackedDoc>, [
    { _id: 'ids', epoch: randomUUID(), count: table.size, ids: encodeIds(table.ids) },
    { _id: 'locations', version: 1, locations: packedText(encodeLocations(locations, table)) },
    { _id: 'changed-locations', ids: [], touches: 0 },
  ]);
  const newest = last?.metadata;
  if (newest) await collections.freshness.insertOne({ _id: 'newest', eventId: newest.eventId, aggregateId: newest.aggregateId, aggregateVersion: newest.aggregateVersion, occurredAt: new Date(newest.occurredAt) });
  await writer.drain();
  return { itemTypeIds, locationIds, documents: writer.documents };
}

const SPAN_OF: Record<string, number> = { d: DAY_MS, h: 3_600_000, t: TEN_MINUTES_MS };

/** One open bucket's counters by position (item types; locations), turned into a cell when it closes. */
class OpenBucket {
  readonly end: number;
  private readonly byType: Float64Array;
  private readonly moved: Float64Array;
  private readonly out: Float64Array;
  private readonly dwellMs: Float64Array;

  constructor(id: string, at: number, itemTypes: number, locations: number) {
    const span = SPAN_OF[id.slice(0, 1)]!;
    this.end = at - (at % span) + span;
    [this.byType, this.moved, this.out, this.dwellMs] = [itemTypes, locations, locations, locations].map((length) => new Float64Array(length)) as [Float64Array, Float64Array, Float64Array, Float64Array];
  }

  add(itemType: number, from: number, to: number, dwellMs: number): void {
    this.byType[itemType]! += 1;
    this.moved[to]! += 1;
    this.out[from]! += 1;
    this.dwellMs[from]! += dwellMs;
  }

  /** The counters as `$inc` would have left them: a key only where something was counted. */
  cell(itemTypeIds: readonly string[], locationIds: readonly string[]): MovementCell {
    const counted = (values: Float64Array, ids: readonly string[], where = values) =>
      Object.fromEntries(ids.flatMap((id, i) => (where[i] !== 0 ? [[id, values[i]!]] : [])));
    return { byType: counted(this.byType, itemTypeIds), in: counted(this.moved, locationIds), out: counted(this.out, locationIds), dwellMs: counted(this.dwellMs, locationIds, this.out) };
  }
}
