/**
 * The reports benchmark's fast generator: a synthetic history (catalog, a location tree, item
 * registrations, then moves in time order) folded in memory through the worker's own pure rule
 * (`reportDelta`, `encodeMove`), so the documents are the ones the worker's `$inc`s and `$push`es
 * would leave, bulk-inserted as each hour closes instead of applied event by event. Item state
 * lives in typed arrays; the items collection itself is not written (no report reads it).
 */
import { randomUUID } from 'node:crypto';
import type { EventOfType, InventoryEvent, InventoryEventType } from '@inventory/contracts';
import cliProgress from 'cli-progress';
import type { Collection, Document, OptionalUnlessRequiredId } from 'mongodb';
import { encodeMove, moveLogId } from '../src/aggregation/move-log.js';
import { reportDelta, type BucketIncrement } from '../src/aggregation/report-delta.js';
import type { ReportCollections } from '../src/aggregation/store.js';

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

const HOUR_MS = 3_600_000;
/** Documents per insertMany; at most two batches in flight while the next hour is generated. */
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

  const bar = new cliProgress.SingleBar({ format: '[bench reports] seeding moves [{bar}] {value}/{total} · {documents} documents written · eta {eta_formatted}', stream: process.stderr, noTTYOutput: true, notTTYSchedule: 15_000 }, cliProgress.Presets.shades_classic);
  bar.start(size.moves, 0, { documents: 0 });
  // Buckets (day, hour, and their per-type twins) and minute logs stay open until their hour ends.
  const buckets = new Map<string, Record<string, number>>();
  const bucketEnds = new Map<string, number>();
  let logs = new Map<string, string[]>();
  const flush = async (until: number): Promise<void> => {
    const closed = [...bucketEnds].filter(([, end]) => end <= until).map(([id]) => id);
    const docs = closed.map((_id) => ({ _id, ...nested(buckets.get(_id)!) }));
    for (const id of closed) {
      buckets.delete(id);
      bucketEnds.delete(id);
    }
    await writer.insert(collections.movements, docs);
    await writer.insert(collections.moveLog, [...logs].map(([_id, moves]) => ({ _id, moves })));
    logs = new Map();
    bar.update({ documents: writer.documents });
  };
  const span = size.days * 86_400_000;
  let hourEnd = size.start - (size.start % HOUR_MS) + HOUR_MS;
  let last: InventoryEvent | undefined;
  for (let n = 0; n < size.moves; n++) {
    const at = size.start + Math.floor((n / size.moves) * span);
    if (at >= hourEnd) {
      await flush(at);
      bar.update(n);
      hourEnd = at - (at % HOUR_MS) + HOUR_MS;
    }
    const item = Math.floor(Math.random() * size.items);
    const to = (itemAt[item]! + 1 + Math.floor(Math.random() * (size.locations - 1))) % size.locations;
    version[item] = version[item]! + 1;
    last = eventOf('ItemMoved', itemId(item), version[item]!, at, { itemId: itemId(item), fromLocationId: locationIds[itemAt[item]!]!, toLocationId: locationIds[to]!, reason: null, movedChildIds: [] });
    const delta = apply(last, { itemTypeId: itemTypeIds[itemType[item]!]!, arrivedAt: arrivedAt[item]! });
    for (const increment of delta.increments) {
      if (increment.collection !== 'movements') continue;
      addTo(buckets, increment);
      // Day buckets end at the day's end, hour buckets at the hour's: both ids start with their granularity.
      if (!bucketEnds.has(increment.id)) bucketEnds.set(increment.id, increment.id.startsWith('d:') ? at - (at % 86_400_000) + 86_400_000 : hourEnd);
    }
    const minute = moveLogId(at);
    if (!logs.has(minute)) logs.set(minute, []);
    logs.get(minute)!.push(encodeMove(delta.move!));
    itemAt[item] = to;
    arrivedAt[item] = at;
  }
  await flush(Number.POSITIVE_INFINITY);
  bar.update(size.moves);
  bar.stop();

  await writer.insert(collections.catalogTypes, catalogTypes as never[]);
  await writer.insert(collections.locations, locationIds.map((_id) => ({ _id, ...locationSets.get(_id), ...nested(locationCounts.get(_id) ?? {}) })));
  const newest = last?.metadata;
  if (newest) await collections.freshness.insertOne({ _id: 'newest', eventId: newest.eventId, aggregateId: newest.aggregateId, aggregateVersion: newest.aggregateVersion, occurredAt: new Date(newest.occurredAt) });
  await writer.drain();
  return { itemTypeIds, locationIds, documents: writer.documents };
}
