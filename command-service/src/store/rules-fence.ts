import type { Filter } from 'mongodb';
import type { LocationTypeState } from '../domain/state.js';
import { WriteConflict } from './aggregate.js';
import type { LocationDocument, LocationTypeDocument, WriteModel } from './documents.js';
import type { Protocol } from './protocols.js';

/**
 * The rules fence: a location type's rule change (capacity, allowed item types) against the
 * reservations that place items in its locations, which are conditional writes on other documents.
 *
 * 1. The change announces itself on the type: `rulesRevision` + 1 and the new rules as `pendingRules`.
 *    From then on every placement decides under both the current and the pending rules
 *    (`placementRules`: the lower capacity, the narrower allow-list).
 * 2. It raises `rulesRevision` on every location of the type. A reservation only succeeds on a location
 *    whose revision is not above the one its command read (`rulesFilter`), so one decided under the old
 *    rules alone either landed before this step (and the check below sees it) or fails and is decided again.
 * 3. It checks its locations again (occupancy counts reserved slots; items still arriving are waited
 *    for), then commits the rules with `pendingRules` cleared, requiring its own revision to still be
 *    the type's; or it withdraws them.
 *
 * A process that dies in between leaves `pendingRules` behind: placements stay under the stricter of
 * both rules until the next change of the type replaces them.
 */

export type PlacementRules = Pick<LocationTypeState, 'capacity' | 'allowedItemTypeIds'>;

export const rulesRevisionOf = (document: { rulesRevision?: number } | undefined): number => document?.rulesRevision ?? 0;

const lower = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.min(a, b));
const narrower = (a: string[] | null, b: string[] | null): string[] | null => (a === null ? b : b === null ? a : a.filter((id) => b.includes(id)));

/** The rules a placement into a location of this type must keep: the current ones and, while a change is pending, the new ones too. */
export function placementRules(document: LocationTypeDocument): PlacementRules {
  const pending = document.pendingRules ?? null;
  if (pending === null) return { capacity: document.capacity, allowedItemTypeIds: document.allowedItemTypeIds };
  return { capacity: lower(document.capacity, pending.capacity), allowedItemTypeIds: narrower(document.allowedItemTypeIds, pending.allowedItemTypeIds) };
}

/** A reservation's condition: its location has not been fenced past the rules revision the command decided under. */
export const rulesFilter = (rulesRevision: number): Filter<LocationDocument> =>
  ({ $or: [{ rulesRevision: { $lte: rulesRevision } }, { rulesRevision: { $exists: false } }] });

const revisionIs = (rulesRevision: number): Filter<LocationTypeDocument> =>
  (rulesRevision === 0 ? { $or: [{ rulesRevision: 0 }, { rulesRevision: { $exists: false } }] } : { rulesRevision });

/** An item on its way into a location of the type is not there yet for the check: the change waits until it lands or is undone. */
async function requireNoArrivals(model: WriteModel, locationTypeId: string): Promise<void> {
  const locations = await model.locations.find({ locationTypeId, deleted: false }, { projection: { _id: 1, holds: 1 } }).toArray();
  const arriving = locations.find(({ holds }) => holds.some((hold) => (JSON.parse(hold) as { n: number }).n > 0));
  if (arriving) throw new WriteConflict(`items are arriving at location ${arriving._id}`);
}

/**
 * The fence of one rule change of `current` to `rules`. `recheck` decides the change again from a fresh
 * read of the type's locations (throwing its refusal); it runs once every location is fenced.
 */
export function rulesFence(model: WriteModel, current: LocationTypeDocument, rules: PlacementRules, recheck: () => Promise<void>): Protocol {
  const rulesRevision = rulesRevisionOf(current) + 1;
  const withdraw = async () => {
    await model.locationTypes.updateOne({ _id: current._id, rulesRevision }, { $set: { pendingRules: null } });
  };
  return {
    async take() {
      const announced = await model.locationTypes.updateOne({ _id: current._id, revision: current.revision, ...revisionIs(rulesRevision - 1) }, { $set: { pendingRules: rules, rulesRevision } });
      if (announced.modifiedCount !== 1) throw new WriteConflict(`location type ${current._id} changed meanwhile`);
      try {
        await model.locations.updateMany({ locationTypeId: current._id, deleted: false }, { $max: { rulesRevision } });
        if (rules.allowedItemTypeIds !== null) await requireNoArrivals(model, current._id);
        await recheck();
      } catch (error) {
        await withdraw();
        throw error;
      }
    },
    giveBack: withdraw,
    set: { pendingRules: null },
    require: { rulesRevision },
  };
}

/**
 * A new location starts at its type's rules revision, raised to the type's latest once it is written if a
 * change announced itself meanwhile (nobody can place anything in it before its id is answered).
 */
export function newLocationFence(model: WriteModel, type: LocationTypeDocument | undefined, locationId: string): Protocol {
  const rulesRevision = rulesRevisionOf(type);
  return {
    set: { rulesRevision },
    async finish() {
      const latest = rulesRevisionOf((await model.locationTypes.findOne({ _id: type?._id ?? '' }, { projection: { rulesRevision: 1 } })) ?? undefined);
      if (latest > rulesRevision) await model.locations.updateOne({ _id: locationId }, { $max: { rulesRevision: latest } });
    },
  };
}
