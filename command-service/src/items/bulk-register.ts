import pLimit from 'p-limit';
import { ProblemError, encodeConsistencyToken, type AggregatePosition, type BulkRegisterItemOutcome, type BulkRegisterItemsResult, type CreateItemRequest } from '@inventory/contracts';
import { itemOf } from '../http/resources.js';
import type { CommandContext } from '../store/stamp.js';
import type { CommandStore } from '../store/store.js';
import { registerItem } from './handler.js';

/** Registrations in flight at once: each is a handful of small writes, so a few overlap well. */
const CONCURRENCY = 8;

/**
 * What two rows may compete for, so the later one waits for the earlier: a serial number, a barcode,
 * and the room of a location that has a capacity (rows into unlimited locations do not compete).
 */
async function contestedKeysOf(store: CommandStore, items: readonly CreateItemRequest[]): Promise<string[][]> {
  const locations = await store.model.locations.find({ _id: { $in: [...new Set(items.map((item) => item.locationId))] } }, { projection: { locationTypeId: 1 } }).toArray();
  const types = await store.model.locationTypes.find({ _id: { $in: [...new Set(locations.map((location) => location.locationTypeId))] } }, { projection: { capacity: 1 } }).toArray();
  const limited = new Set(types.filter((type) => type.capacity !== null).map((type) => type._id));
  const limitedLocations = new Set(locations.filter((location) => limited.has(location.locationTypeId)).map((location) => location._id));
  return items.map((item) => [
    ...(item.serialNumber === null ? [] : [`serial:${item.serialNumber}`]),
    ...(item.barcode === null ? [] : [`barcode:${item.barcode}`]),
    ...(limitedLocations.has(item.locationId) ? [`room:${item.locationId}`] : []),
  ]);
}

/**
 * Per-item outcomes, not all-or-nothing: an import of 500 rows should not fail because one serial
 * number is taken. Rows run concurrently, except that a row waits for every earlier row it competes
 * with (contestedKeysOf), so the outcome is as if they ran in request order: of two rows with one
 * serial the first wins, and the first rows fill a nearly full location. A refusal (a ProblemError)
 * is that row's outcome; any other error ends the request, and what was registered stays registered
 * (a retry with the same Idempotency-Key answers the stored result).
 */
export async function bulkRegisterItems(store: CommandStore, items: readonly CreateItemRequest[], context: CommandContext): Promise<BulkRegisterItemsResult> {
  const limit = pLimit(CONCURRENCY);
  const latestByKey = new Map<string, Promise<unknown>>();
  const keys = await contestedKeysOf(store, items);
  const runs = items.map((request, index) => {
    const earlier = keys[index]!.map((key) => latestByKey.get(key));
    const run = Promise.allSettled(earlier).then(() => limit(() => registerItem(store, request, context)));
    for (const key of keys[index]!) latestByKey.set(key, run);
    return run;
  });
  const settled = await Promise.allSettled(runs);
  const results: BulkRegisterItemOutcome[] = [];
  const positions: AggregatePosition[] = [];
  for (const [index, result] of settled.entries()) {
    if (result.status === 'fulfilled') {
      positions.push(...result.value.events.map(({ metadata }) => metadata));
      results.push({ index, outcome: 'REGISTERED', item: itemOf(result.value.document, result.value.locationId) });
    } else if (result.reason instanceof ProblemError) {
      results.push({ index, outcome: 'REJECTED', problem: result.reason.toProblem() });
    } else {
      throw result.reason;
    }
  }
  return { results, consistencyToken: encodeConsistencyToken(positions) };
}
