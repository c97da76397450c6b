/**
 * The reports benchmark's fast generator: a synthetic history (catalog, a location tree, item
 * registrations, then moves in time order) counted in memory and written as the compactor leaves
 * it: each day, hour and ten-minute bucket and each minute's move log one packed field, every
 * location in the snapshot (packing/), bulk-inserted as each ten-minute span closes. Items and open
 * buckets live in typed arrays indexed by id-table position: running the worker's rule on every
 * one of 10 M moves cost ~40 µs each (~7 min), so its models fold every 1,000th registration and
 * move instead (foldModels), and the generator stops if they would have written
 * anything else than what it counted. The items collection is not written (no report reads it).
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { EventOfType, InventoryEvent, InventoryEventType } from '@inventory/contracts';
import { foldModels, type ModelDocuments } from '@inventory/projection';
import cliProgress from 'cli-progress';
import type { Collection, Document, OptionalUnlessRequiredId } from 'mongodb';
import type { ItemDoc } from '../src/items/item-state.js';
import { CHANGED_LOCATIONS, noChangedLocations } from '../src/locations/changed-locations.js';
import type { LocationDoc } from '../src/locations/location-counts.js';
import type { MoveLogDoc } from '../src/movements/move-buckets.js';
import { decodeMove, encodeMoves, moveLogId, type LoggedMove } from '../src/movements/move-log.js';
import { bucketIdsAt, typedBucketId } from '../src/movements/time-buckets.js';
import { REPORT_MODELS } from '../src/reports-projection.js';
import { packedText, type PackedDoc, type ReportCollections } from '../src/shared/collections.js';
import { freshnessModel } from '../src/shared/freshness.js';
import { IdTable, encodeIds } from '../src/packing/id-table.js';
import { encodeLocations } from '../src/packing/location-snapshot.js';
import { encodeCounters } from '../src/packing/packed-cell.js';

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

const MINUTE_MS = 60_000;
const TEN_MINUTES_MS = 600_000;
/** Documents per insertMany; at most two batches in flight while the next span is generated. */
const BATCH = 200;
/** Every how many registrations and moves the worker's own rule checks the count. */
const CHECK_EVERY = 1000;

let eventCount = 0;
function eventOf<T extends InventoryEventType>(type: T, aggregateId: string, aggregateVersion: number, occurredAt: number, data: EventOfType<T>['data']): InventoryEvent {
  eventCount += 1;
  const metadata = { eventId: `bench-${eventCount}`, eventType: type, aggregateId, aggregateVersion, occurredAt, actorId: 'bench', correlationId: 'bench', causationId: null };
  return { type, metadata, data } as InventoryEvent;
}

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

/** One open bucket's counters by item type and location index; packed when it closes. */
class OpenBucket {
  private readonly byType: Float64Array;
  private readonly moved: Float64Array;
  private readonly out: Float64Array;
  private readonly dwellMs: Float64Array;

  constructor(readonly id: string, itemTypes: number, locations: number) {
    [this.byType, this.moved, this.out, this.dwellMs] = [itemTypes, locations, locations, locations].map((length) => new Float64Array(length)) as [Float64Array, Float64Array, Float64Array, Float64Array];
  }

  add(itemType: number, from: number, to: number, dwellMs: number): void {
    this.byType[itemType]! += 1;
    this.moved[to]! += 1;
    this.out[from]! += 1;
    this.dwellMs[from]! += dwellMs;
  }

  /** As the compactor packs it: a location only where something was counted. */
  packed(positionOfType: (index: number) => number, positionOfLocation: (index: number) => number): string {
    const types: [number, number][] = [];
    this.byType.forEach((n, i) => n !== 0 && types.push([positionOfType(i), n]));
    const locations: [number, number, number, number][] = [];
    this.moved.forEach((moved, i) => (moved !== 0 || this.out[i] !== 0) && locations.push([positionOfLocation(i), moved, this.out[i]!, this.dwellMs[i]!]));
    return packedText(encodeCounters(types, locations));
  }
}

/** What the generator counts for one event: item count changes per location, the buckets it lands in, the dwell it logs. */
interface Counted {
  locations: Record<string, number>;
  buckets: string[];
  dwellMs?: number;
}

/** Stops the run when the worker's own models, folding `event` onto the item's state, would write something else than the generator counted. */
function check(event: InventoryEvent, item: ItemDoc | null, expected: Counted): void {
  const folded = foldModels(REPORT_MODELS, [event], new Map(item ? [['items', new Map([[item._id, item]])]] : []) as ModelDocuments);
  const docs = <D>(collection: string) => [...(folded.get(collection) ?? [])] as [string, D][];
  const [logged] = docs<MoveLogDoc>('move_log').map(([, doc]) => decodeMove(doc.moves![0]!));
  const actual: Counted = {
    locations: Object.fromEntries(docs<LocationDoc>('locations').map(([id, doc]) => [id, doc.itemCount ?? 0])),
    buckets: docs('movements').map(([id]) => id).sort(),
    ...(logged && { dwellMs: logged.dwellMs }),
  };
  if (!isDeepStrictEqual(actual, { ...expected, buckets: [...expected.buckets].sort() })) {
    throw new Error(`the generator counted ${JSON.stringify(expected)} where the worker's models write ${JSON.stringify(actual)}`);
  }
}

export async function seedReports(collections: ReportCollections, size: SeedSize): Promise<Seeded> {
  const writer = new Writer();
  const itemTypeIds = Array.from({ length: size.itemTypes }, () => randomUUID());
  const locationTypeIds = Array.from({ length: size.locationTypes }, () => randomUUID());
  const locationIds = Array.from({ length: size.locations }, () => randomUUID());
  const table = new IdTable([...itemTypeIds, ...locationTypeIds, ...locationIds]);
  const positionOfType = (index: number): number => index;
  const positionOfLocation = (index: number): number => size.itemTypes + size.locationTypes + index;
  // The catalog and the locations' descriptions, folded by the worker's own models.
  const described: ModelDocuments = new Map();
  const describe = (event: InventoryEvent): void => void foldModels(REPORT_MODELS, [event], described);
  const before = size.start - 86_400_000;
  itemTypeIds.forEach((itemTypeId, n) => describe(eventOf('ItemTypeDefined', itemTypeId, 1, before, { itemTypeId, name: `item type ${n}`, attributesSchema: null })));
  locationTypeIds.forEach((locationTypeId, n) => describe(eventOf('LocationTypeDefined', locationTypeId, 1, before, { locationTypeId, name: `location type ${n}`, allowedItemTypeIds: null, capacity: null })));
  // A tree: each location under a random earlier one.
  locationIds.forEach((locationId, n) => describe(eventOf('LocationCreated', locationId, 1, before, {
    locationId, code: `L${n}`, name: `Location ${n}`, locationTypeId: locationTypeIds[n % size.locationTypes]!, parentLocationId: n === 0 ? null : locationIds[Math.floor(Math.random() * n)]!,
  })));

  // Item state as the worker keeps it (type, arrival time), plus where each item stands and its version; items per location and type.
  const itemType = new Uint16Array(size.items);
  const itemAt = new Uint32Array(size.items);
  const arrivedAt = new Float64Array(size.items);
  const version = new Uint32Array(size.items);
  const counts = new Float64Array(size.locations * size.itemTypes);
  const itemId = (n: number): string => `item-${n}`;
  for (let n = 0; n < size.items; n++) {
    itemType[n] = n % size.itemTypes;
    itemAt[n] = Math.floor(Math.random() * size.locations);
    arrivedAt[n] = before;
    version[n] = 1;
    counts[itemAt[n]! * size.itemTypes + itemType[n]!]! += 1;
    if (n % CHECK_EVERY === 0) {
      const event = eventOf('ItemRegistered', itemId(n), 1, before, { itemId: itemId(n), itemTypeId: itemTypeIds[itemType[n]!]!, kind: 'PARENT', name: 'item', serialNumber: null, barcode: null, attributes: {}, locationId: locationIds[itemAt[n]!]! });
      check(event, null, { locations: { [locationIds[itemAt[n]!]!]: 1 }, buckets: [] });
    }
  }

  const bar = new cliProgress.SingleBar({ format: '[bench reports] seeding moves [{bar}] {value}/{total} · {documents} documents written · eta {eta_formatted}', stream: process.stderr, noTTYOutput: true, notTTYSchedule: 15_000 }, cliProgress.Presets.shades_classic);
  bar.start(size.moves, 0, { documents: 0 });
  // The open day, hour and ten-minute buckets: per granularity, the all-types bucket then one per item type.
  let open: OpenBucket[][] = [];
  let logs = new Map<string, LoggedMove[]>();
  const flush = async (closing: OpenBucket[]): Promise<void> => {
    await writer.insert(collections.movements, closing.map((bucket) => ({ _id: bucket.id, packed: bucket.packed(positionOfType, positionOfLocation) })));
    await writer.insert(collections.moveLog, [...logs].map(([_id, moves]) => ({ _id, packed: packedText(encodeMoves(moves, table)) })));
    logs = new Map();
    bar.update({ documents: writer.documents });
  };
  /** At each ten-minute span: closes the buckets whose id changed and opens their successors. */
  const enterSpan = async (at: number): Promise<void> => {
    const next = bucketIdsAt(at).map((id, g) => (open[g]?.[0]?.id === id ? open[g]! : [id, ...itemTypeIds.map((typeId) => typedBucketId(id, typeId))].map((bucketId) => new OpenBucket(bucketId, size.itemTypes, size.locations))));
    await flush(open.flatMap((buckets, g) => (next[g] === buckets ? [] : buckets)));
    open = next;
  };
  const span = size.days * 86_400_000;
  let spanEnd = Number.NEGATIVE_INFINITY;
  let minuteEnd = Number.NEGATIVE_INFINITY;
  let minute: LoggedMove[] = [];
  let last: InventoryEvent | undefined;
  for (let n = 0; n < size.moves; n++) {
    const at = size.start + Math.floor((n / size.moves) * span);
    if (at >= spanEnd) {
      await enterSpan(at);
      bar.update(n);
      spanEnd = at - (at % TEN_MINUTES_MS) + TEN_MINUTES_MS;
    }
    if (at >= minuteEnd) {
      logs.set(moveLogId(at), (minute = []));
      minuteEnd = at - (at % MINUTE_MS) + MINUTE_MS;
    }
    const item = Math.floor(Math.random() * size.items);
    const [from, type] = [itemAt[item]!, itemType[item]!];
    const to = (from + 1 + Math.floor(Math.random() * (size.locations - 1))) % size.locations;
    const dwellMs = at - arrivedAt[item]!;
    version[item] = version[item]! + 1;
    if (n % CHECK_EVERY === 0 || n === size.moves - 1) {
      last = eventOf('ItemMoved', itemId(item), version[item]!, at, { itemId: itemId(item), fromLocationId: locationIds[from]!, toLocationId: locationIds[to]!, reason: null, movedChildIds: [] });
      const state: ItemDoc = { _id: itemId(item), itemTypeId: itemTypeIds[type]!, arrivedAt: arrivedAt[item]! };
      const buckets = open.flatMap((buckets) => [buckets[0]!.id, buckets[type + 1]!.id]);
      check(last, state, { locations: { [locationIds[from]!]: -1, [locationIds[to]!]: 1 }, buckets, dwellMs });
    }
    for (const buckets of open) {
      buckets[0]!.add(type, from, to, dwellMs);
      buckets[type + 1]!.add(type, from, to, dwellMs);
    }
    minute.push({ at, itemTypeId: itemTypeIds[type]!, fromLocationId: locationIds[from]!, toLocationId: locationIds[to]!, dwellMs });
    counts[from * size.itemTypes + type]! -= 1;
    counts[to * size.itemTypes + type]! += 1;
    itemAt[item] = to;
    arrivedAt[item] = at;
  }
  await flush(open.flat());
  bar.update(size.moves);
  bar.stop();

  const locations = locationIds.map((_id, location) => {
    const byItemType = Object.fromEntries(itemTypeIds.flatMap((typeId, type) => (counts[location * size.itemTypes + type] !== 0 ? [[typeId, counts[location * size.itemTypes + type]!]] : [])));
    const { applied: _none, ...description } = described.get('locations')!.get(_id) as LocationDoc;
    return { ...description, itemCount: Object.values(byItemType).reduce((sum, n) => sum + n, 0), byItemType };
  });
  const snapshotVersion = randomUUID();
  const cleared = { ...noChangedLocations(), snapshot: snapshotVersion };
  await writer.insert(collections.catalogTypes, [...described.get('catalog_types')!.values()] as never[]);
  await writer.insert(collections.locations, locations);
  await writer.insert(collections.packed as unknown as Collection<PackedDoc>, [
    { _id: 'ids', epoch: randomUUID(), count: table.size, ids: encodeIds(table.ids) },
    { _id: 'locations', version: snapshotVersion, locations: packedText(encodeLocations(locations, table)) },
    last ? freshnessModel.evolve(cleared, last, CHANGED_LOCATIONS, () => null)! : cleared,
  ]);
  await writer.drain();
  return { itemTypeIds, locationIds, documents: writer.documents };
}
