import type { InventoryEvent } from '@inventory/contracts';
import { foldModels, type ModelDocument } from '@inventory/projection';
import fc from 'fast-check';
import { REPORT_MODELS } from '../reports-projection.js';
import { interleave } from './expected.js';

/** How a history reaches the worker: aggregates interleaved as partitions do, and a crash replaying the events between two points once more. */
export interface Delivery {
  choices: number[];
  /** Fractions of the history: the events in [replayFrom, crashAt) are applied twice, as a crash between the write-back and the checkpoints would. */
  replayFrom: number;
  crashAt: number;
}

export const deliveryArbitrary: fc.Arbitrary<Delivery> = fc.record({ choices: fc.array(fc.nat(), { minLength: 1, maxLength: 50 }), replayFrom: fc.double({ min: 0, max: 1, noNaN: true }), crashAt: fc.double({ min: 0, max: 1, noNaN: true }) })
  .map(({ choices, replayFrom, crashAt }) => ({ choices, replayFrom: Math.min(replayFrom, crashAt), crashAt: Math.max(replayFrom, crashAt) }));

/** The events in the order the worker applies them under `delivery` (some twice). */
export function delivered(events: readonly InventoryEvent[], { choices, replayFrom, crashAt }: Delivery): InventoryEvent[] {
  const order = interleave(events, choices);
  const [from, crash] = [Math.floor(replayFrom * order.length), Math.floor(crashAt * order.length)];
  return [...order.slice(0, crash), ...order.slice(from)];
}

/** Every report model's documents after `events`, folded in memory as the runner does (no store). */
export function foldReports(events: Iterable<InventoryEvent>): <D extends ModelDocument>(collection: string) => Map<string, D> {
  const folded = foldModels(REPORT_MODELS, events);
  return <D extends ModelDocument>(collection: string) => new Map([...(folded.get(collection) ?? [])].flatMap(([id, doc]) => (doc ? [[id, doc as D] as const] : [])));
}
