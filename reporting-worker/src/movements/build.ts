import type { MovementsQuery, MovementsReport } from '@inventory/contracts';
import type { MovementCell } from '../packing/packed-cell.js';
import { dayOf } from './time-buckets.js';

/** The moves of a range, already narrowed to the report's item type, if any: per UTC day, and summed per item type and location. */
export interface MovementTotals extends Required<MovementCell> {
  movesByDay: Map<string, number>;
}

type Totals = Map<string, number>;
const add = (totals: Totals, key: string, n = 1): void => void totals.set(key, (totals.get(key) ?? 0) + n);
const addAll = (totals: Totals, counts: Record<string, number> = {}): void => Object.entries(counts).forEach(([key, n]) => add(totals, key, n));
const mostFirst = (totals: Totals): [string, number][] => [...totals].filter(([, n]) => n > 0).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));

/** Every UTC day that [from, to) touches, in order: none when the range is empty (`to` not after `from`). */
function daysOf(from: number, to: number): string[] {
  const days: string[] = [];
  if (to <= from) return days;
  for (let at = from - (from % 86_400_000); at < to; at += 86_400_000) days.push(dayOf(at));
  return days;
}

/** The report of [from, to) from its totals; `locationTypeOf` rolls dwell up to location types. */
export function buildMovements(query: MovementsQuery, totals: MovementTotals, locationTypeOf: (locationId: string) => string | undefined): Omit<MovementsReport, 'metadata'> {
  const byDay: Totals = new Map(daysOf(Date.parse(query.from), Date.parse(query.to)).map((day) => [day, 0]));
  for (const [day, moves] of totals.movesByDay) add(byDay, day, moves);
  const byType: Totals = new Map(Object.entries(totals.byType));
  const movesIn: Totals = new Map(Object.entries(totals.in));
  const movesOut: Totals = new Map(Object.entries(totals.out));
  const dwellMs: Totals = new Map(Object.entries(totals.dwellMs));
  const touches: Totals = new Map(movesIn);
  addAll(touches, Object.fromEntries(movesOut));
  const dwellByType = new Map<string, { departures: number; dwellMs: number }>();
  for (const [locationId, departures] of movesOut) {
    const locationTypeId = locationTypeOf(locationId);
    if (locationTypeId === undefined) continue;
    const entry = dwellByType.get(locationTypeId) ?? { departures: 0, dwellMs: 0 };
    entry.departures += departures;
    entry.dwellMs += dwellMs.get(locationId) ?? 0;
    dwellByType.set(locationTypeId, entry);
  }
  const buckets = query.groupBy === 'day'
    ? [...byDay].map(([key, moves]) => ({ key, moves }))
    : query.groupBy === 'itemType'
      ? mostFirst(byType).map(([key, moves]) => ({ key, moves }))
      : mostFirst(touches).map(([key, moves]) => ({ key, moves, movesIn: movesIn.get(key) ?? 0, movesOut: movesOut.get(key) ?? 0 }));
  return {
    from: query.from,
    to: query.to,
    groupBy: query.groupBy,
    totalMoves: [...byType.values()].reduce((sum, n) => sum + n, 0),
    buckets,
    busiestLocations: mostFirst(touches).slice(0, query.top).map(([locationId, moves]) => ({ locationId, moves })),
    busiestItemTypes: mostFirst(byType).slice(0, query.top).map(([itemTypeId, moves]) => ({ itemTypeId, moves })),
    dwellByLocationType: [...dwellByType].sort(([a], [b]) => a.localeCompare(b))
      .map(([locationTypeId, { departures, dwellMs: total }]) => ({ locationTypeId, departures, averageDwellMs: departures === 0 ? 0 : total / departures })),
  };
}
