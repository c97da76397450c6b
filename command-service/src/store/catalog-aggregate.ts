import { randomUUID } from 'node:crypto';
import type { Collection, Filter } from 'mongodb';
import { claimOf, type ClaimKind } from '../domain/claims.js';
import type { Decision } from '../domain/decision.js';
import type { World } from '../domain/state.js';
import { commit, newDocument, withRetries } from './aggregate.js';
import { releaseClaims, takeClaims } from './claims.js';
import type { AggregateDocument, WriteModel } from './documents.js';
import { stamp } from './stamp.js';
import { accepted, type Handler, type Saved } from './store.js';
import { loadMore, loadView, type Wanted } from './view.js';

/**
 * Location types and item types behave alike: a unique name (a claim), fields replaced by an
 * update, removal only while `usage` (what depends on the type) is 0 - checked in the same
 * conditional write that deletes, so it serializes with whatever increments usage.
 */
type CatalogDocument = AggregateDocument & { name: string; usage: number };

export interface CatalogFamily<K extends string, TDefine extends { name: string }, TUpdate extends { name?: string }, D extends CatalogDocument> {
  /** The id field of commands and event data, e.g. locationTypeId. */
  idKey: K;
  collection: (model: WriteModel) => Collection<D>;
  family: 'locationTypes' | 'itemTypes';
  claimKind: ClaimKind;
  /** Other aggregates a decision needs (e.g. the item types a location type allows). */
  references: (command: Partial<TDefine>) => Wanted;
  /** For an update: the dependants that could break the changed fields (found by query, not by id). */
  witnesses?: (model: WriteModel, command: TUpdate) => Promise<Wanted>;
  define: (command: TDefine, world: World) => Decision;
  update: (command: TUpdate, world: World) => Decision;
  remove: (command: { id: string }, world: World) => Decision;
}

export function catalogHandlers<K extends string, TDefine extends { name: string } & Record<K, string>, TUpdate extends { name?: string } & Record<K, string>, D extends CatalogDocument>(family: CatalogFamily<K, TDefine, TUpdate, D>) {
  const withId = <C>(command: C, id: string) => ({ ...command, [family.idKey]: id }) as unknown as C & Record<K, string>;
  /** Event data minus the id: the document's fields. */
  const withoutId = (data: object) => Object.fromEntries(Object.entries(data).filter(([key]) => key !== family.idKey)) as { name: string };
  const nameClaim = (name: string) => claimOf(family.claimKind, name);
  const view = (model: WriteModel, id: string | undefined, command: Partial<TDefine>) =>
    loadView(model, { ...family.references(command), [family.family]: [id] });

  const define: Handler<Omit<TDefine, K>, Saved<D>> = (store, request, context) => withRetries(async () => {
    const id = randomUUID();
    const command = withId(request, id) as unknown as TDefine;
    const drafts = accepted(family.define(command, (await view(store.model, undefined, command)).world));
    const refused = await takeClaims(store.model, id, [{ claim: nameClaim(command.name), code: 'DUPLICATE_NAME', what: `name "${command.name}"` }]);
    if (refused) accepted(refused);
    const events = stamp(drafts, id, 0, context);
    const fields = withoutId(drafts[0]!.data);
    const document = newDocument(id, { ...fields, usage: 0 }, events) as unknown as D;
    await family.collection(store.model).insertOne(document as never);
    store.wake(family.family, id);
    return { events, document };
  });

  const update: Handler<Omit<TUpdate, K> & { id: string }, Saved<D>> = (store, request, context) => withRetries(async () => {
    const command = withId(request, request.id) as unknown as TUpdate;
    const wanted = family.witnesses ? await family.witnesses(store.model, command) : {};
    const loaded = await loadMore(store.model, await view(store.model, request.id, request as unknown as Partial<TDefine>), wanted);
    const drafts = accepted(family.update(command, loaded.world));
    const current = loaded[family.family].get(request.id) as unknown as D;
    const fields = withoutId(drafts[0]!.data);
    const renamed = nameClaim(fields.name as string) !== nameClaim(current.name);
    const refused = renamed ? await takeClaims(store.model, current._id, [{ claim: nameClaim(fields.name as string), code: 'DUPLICATE_NAME', what: `name "${String(fields.name)}"` }]) : undefined;
    if (refused) accepted(refused);
    const events = stamp(drafts, current._id, current.version, context);
    let document: D;
    try {
      document = await commit(family.collection(store.model), current, fields as Partial<D>, events);
    } catch (error) {
      if (renamed) await releaseClaims(store.model, current._id, [nameClaim(fields.name as string)]);
      throw error;
    }
    store.wake(family.family, current._id);
    if (renamed) await releaseClaims(store.model, current._id, [nameClaim(current.name)]);
    return { events, document };
  });

  const remove: Handler<{ id: string }> = (store, command, context) => withRetries(async () => {
    const loaded = await view(store.model, command.id, {});
    const drafts = accepted(family.remove(command, loaded.world));
    const current = loaded[family.family].get(command.id) as unknown as D;
    const events = stamp(drafts, current._id, current.version, context);
    await commit(family.collection(store.model), current, { deleted: true } as Partial<D>, events, { usage: 0 } as Filter<D>);
    store.wake(family.family, current._id);
    await releaseClaims(store.model, current._id, [nameClaim(current.name)]);
    return events;
  });

  return { define, update, remove };
}
