import type { Collection, Filter } from 'mongodb';
import { emptyWorld, type ItemState, type ItemTypeState, type LocationState, type LocationTypeState, type World } from '../domain/state.js';
import type { AggregateCollectionName, AggregateDocument, ItemDocument, ItemTypeDocument, LocationDocument, LocationTypeDocument, WriteModel } from './documents.js';
import { placementRules } from './rules-fence.js';

export type Wanted = Partial<Record<AggregateCollectionName, readonly (string | null | undefined)[]>>;

/** The documents a command read (their revisions guard its writes) and the pure world they make up. */
export interface View {
  world: World;
  locationTypes: Map<string, LocationTypeDocument>;
  itemTypes: Map<string, ItemTypeDocument>;
  locations: Map<string, LocationDocument>;
  items: Map<string, ItemDocument>;
}

async function loadLive<T extends AggregateDocument>(collection: Collection<T>, ids: readonly (string | null | undefined)[] = []): Promise<Map<string, T>> {
  const wanted = [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
  if (wanted.length === 0) return new Map();
  const found = await collection.find({ _id: { $in: wanted }, deleted: false } as Filter<T>).toArray();
  return new Map(found.map((doc) => [doc._id, doc as T]));
}

/** A document's state as stored (for a location type: its committed rules, without pending ones). */
export const stateOf = <S>(doc: AggregateDocument): S => {
  const { _id, revision: _r, version: _v, outbox: _o, deleted: _d, createdAt: _c, updatedAt: _u, ...fields } = doc as AggregateDocument & Record<string, unknown>;
  return { id: _id, ...fields } as S;
};

const statesOf = <S>(docs: Map<string, AggregateDocument>): Map<string, S> => new Map([...docs].map(([id, doc]) => [id, stateOf<S>(doc)]));

/** Loads just the named aggregates; absent or deleted ones are simply missing, which the rules read as unknown. */
export async function loadView(model: WriteModel, wanted: Wanted): Promise<View> {
  const [locationTypes, itemTypes, locations, items] = await Promise.all([
    loadLive(model.locationTypes, wanted.locationTypes),
    loadLive(model.itemTypes, wanted.itemTypes),
    loadLive(model.locations, wanted.locations),
    loadLive(model.items, wanted.items),
  ]);
  const world: World = {
    ...emptyWorld(),
    // While a rule change is pending, placements obey both rules (rules-fence.ts).
    locationTypes: new Map([...locationTypes].map(([id, doc]) => [id, { ...stateOf<LocationTypeState>(doc), ...placementRules(doc) }])),
    itemTypes: statesOf<ItemTypeState>(itemTypes),
    locations: statesOf<LocationState>(locations),
    items: statesOf<ItemState>(items),
  };
  return { world, locationTypes, itemTypes, locations, items };
}

/** Adds aggregates whose ids the first read revealed (e.g. the destination's type). */
export async function loadMore(model: WriteModel, view: View, wanted: Wanted): Promise<View> {
  const more = await loadView(model, wanted);
  const merge = <T>(a: ReadonlyMap<string, T>, b: ReadonlyMap<string, T>) => new Map([...a, ...b]);
  return {
    world: {
      ...view.world,
      locationTypes: merge(view.world.locationTypes, more.world.locationTypes),
      itemTypes: merge(view.world.itemTypes, more.world.itemTypes),
      locations: merge(view.world.locations, more.world.locations),
      items: merge(view.world.items, more.world.items),
    },
    locationTypes: merge(view.locationTypes, more.locationTypes),
    itemTypes: merge(view.itemTypes, more.itemTypes),
    locations: merge(view.locations, more.locations),
    items: merge(view.items, more.items),
  };
}
