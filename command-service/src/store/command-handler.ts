import type { Collection, Filter } from 'mongodb';
import type { InventoryEvent } from '@inventory/contracts';
import { withWriteRetry } from '@inventory/platform';
import type { Decider } from '../domain/decider.js';
import type { EventDraft } from '../domain/decision.js';
import { commit, newDocument, withRetries, type Change } from './aggregate.js';
import type { Committed } from './command-mark.js';
import type { AggregateCollectionName, AggregateDocument, DocumentOf, WriteModel } from './documents.js';
import type { Protocol } from './protocols.js';
import { stamp, type CommandContext } from './stamp.js';
import { accepted, type CommandStore } from './store.js';
import type { View } from './view.js';

/** What one accepted command is about, once decided: the protocols it takes part in are built from this. */
export interface Accepted<C, S, D> {
  command: C;
  view: View;
  /** The aggregate's document as read (null: the command creates it). */
  current: D | null;
  before: S | null;
  /** The state its events evolve the aggregate to (null: deleted). */
  after: S | null;
  events: InventoryEvent[];
  /** The operation id the protocols record (the first event's id). */
  op: string;
}

/** How one slice's commands run: its decider, the aggregate they change, what they read and the protocols they take part in. */
export interface CommandSpec<C extends { type: string }, S extends { id: string }, E extends EventDraft, F extends AggregateCollectionName> {
  family: F;
  decider: Decider<C, S, E>;
  aggregateId(command: C): string;
  /** Everything decide reads, the aggregate itself included. */
  load(model: WriteModel, command: C): Promise<View>;
  /** The cross-document protocols of an accepted command, in the order they are taken. */
  protocols?(model: WriteModel, accepted: Accepted<C, S, DocumentOf<F>>): (Protocol | undefined)[];
  /** Fields a new document starts with that belong to the protocols, not to the state (e.g. an empty holds list). */
  newFields?: Partial<DocumentOf<F>>;
}

/** What one cycle committed: its events, the document as written (for a delete: its tombstone), what it read, the evolved state. */
export interface Ran<S, D extends AggregateDocument> extends Committed<D, S> {
  view: View;
}

/** The state's fields that evolve changed: all a commit sets, so counters other protocols keep are never written back. */
function changedFields(before: object, after: object): Record<string, unknown> {
  const previous = before as Record<string, unknown>;
  return Object.fromEntries(Object.entries(after).filter(([key, value]) => key !== 'id' && JSON.stringify(value) !== JSON.stringify(previous[key])));
}

const merged = (parts: (Record<string, unknown> | undefined)[]) => Object.assign({}, ...parts) as Record<string, unknown>;

/** The ops the protocols' commit records as held (see Protocol.heldOp). */
const heldOpsOf = (protocols: readonly (Protocol | undefined)[]): string[] => protocols.flatMap((protocol) => (protocol?.heldOp ? [protocol.heldOp] : []));

/** The conditional update that commits an evolved aggregate with its events and what its protocols add to that write. */
export function commitOf<S extends object, D extends AggregateDocument>(before: S, after: S | null, protocols: readonly (Protocol | undefined)[]): { change: Change<D>; require: Filter<D> } {
  const set = { ...(after === null ? { deleted: true } : changedFields(before, after)), ...merged(protocols.map((protocol) => protocol?.set)) } as Partial<D>;
  return { change: { set, held: heldOpsOf(protocols) }, require: merged(protocols.map((protocol) => protocol?.require)) as Filter<D> };
}

/**
 * One read-decide-write cycle: load, decide, evolve, then the protocols' takes, the one conditional
 * write of the evolved state with its events (its outbox), and the protocols' finishes. If a take
 * or the write fails, what was taken is given back (last first) and the error goes to the caller
 * (withRetries re-runs the cycle on a WriteConflict).
 */
export async function runCommand<C extends { type: string }, S extends { id: string }, E extends EventDraft, F extends AggregateCollectionName>(
  spec: CommandSpec<C, S, E, F>, store: CommandStore, command: C, context: CommandContext,
): Promise<Ran<S, DocumentOf<F>>> {
  type D = DocumentOf<F>;
  const { model } = store;
  const view = await spec.load(model, command);
  const drafts = accepted(spec.decider.decide(command, view.world));
  const id = spec.aggregateId(command);
  const current = (view[spec.family].get(id) as D | undefined) ?? null;
  const before = (view.world[spec.family].get(id) as S | undefined) ?? spec.decider.initialState();
  const after = drafts.reduce((state, event) => spec.decider.evolve(state, event), before);
  const events = stamp(drafts, id, current?.version ?? 0, context);
  const protocols = spec.protocols?.(model, { command, view, current, before, after, events, op: events[0]!.metadata.eventId }) ?? [];
  const collection = model[spec.family] as unknown as Collection<D>;
  const taken: Protocol[] = [];
  let document: D;
  try {
    for (const protocol of protocols) {
      if (!protocol) continue;
      await protocol.take?.();
      taken.push(protocol);
    }
    const committedOf = (written: D): Ran<S, D> => ({ events, document: written, view, after });
    document = current === null ? await insert(collection, id, after!, spec.newFields, protocols, events, committedOf) : await update(collection, current, before!, after, events, protocols, committedOf);
  } catch (error) {
    for (const protocol of taken.reverse()) await protocol.giveBack?.();
    throw error;
  }
  const finished = finishAll(protocols);
  const held = heldOpsOf(protocols);
  // The relay publishes meanwhile; its pull of the events drops the held ops once they are settled.
  store.wake(spec.family, id, held.length > 0 ? finished.then(() => held, () => []) : undefined);
  await finished;
  return { events, document, view, after };
}

/** The protocols' finishes, last taken first. */
async function finishAll(protocols: readonly (Protocol | undefined)[]): Promise<void> {
  for (const protocol of [...protocols].reverse()) await protocol?.finish?.();
}

async function insert<S extends { id: string }, D extends AggregateDocument>(collection: Collection<D>, id: string, after: S, newFields: Partial<D> | undefined, protocols: readonly (Protocol | undefined)[], events: InventoryEvent[], committedOf: (written: D) => Committed): Promise<D> {
  const { id: _id, ...fields } = after;
  const held = heldOpsOf(protocols);
  const document = newDocument(id, { ...fields, ...newFields, ...merged(protocols.map((protocol) => protocol?.set)), ...(held.length > 0 && { heldOps: held }) }, events, (written) => committedOf(written as unknown as D)) as unknown as D;
  // After an outage the document is ours if it carries our createdAt (ids are new, or the client's own).
  await withWriteRetry(() => collection.insertOne(document as never).then(() => true), {
    applied: async () => ((await collection.findOne({ _id: id, createdAt: document.createdAt } as Filter<D>, { projection: { _id: 1 } })) ? true : undefined),
  });
  return document;
}

async function update<S extends { id: string }, D extends AggregateDocument>(collection: Collection<D>, current: D, before: S, after: S | null, events: InventoryEvent[], protocols: readonly (Protocol | undefined)[], committedOf: (written: D) => Committed): Promise<D> {
  const { change, require } = commitOf<S, D>(before, after, protocols);
  return commit(collection, current, change, events, require, committedOf);
}

/** A slice's command handler: runCommand, re-run while it loses races. */
export const handlerOf = <C extends { type: string }, S extends { id: string }, E extends EventDraft, F extends AggregateCollectionName>(spec: CommandSpec<C, S, E, F>) =>
  (store: CommandStore, command: C, context: CommandContext): Promise<Ran<S, DocumentOf<F>>> => withRetries(() => runCommand(spec, store, command, context));
