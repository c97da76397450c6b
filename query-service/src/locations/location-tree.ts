import type { ReadModelSpace } from '@inventory/projection';
import { locations, treeStamps, type LocationDoc } from './locations-projection.js';

export interface PathStep {
  id: string;
  code: string;
  name: string;
}

/** The whole location tree in memory: paths from the root and sub-trees without recursive queries. */
export class LocationTree {
  private readonly byId: Map<string, LocationDoc>;
  private readonly childrenOf = new Map<string | null, LocationDoc[]>();

  constructor(docs: LocationDoc[]) {
    this.byId = new Map(docs.map((doc) => [doc._id, doc]));
    for (const doc of [...docs].sort((a, b) => a.code.localeCompare(b.code))) {
      // A parent not (yet) projected: show the location at the top rather than lose it.
      const parent = doc.parentLocationId && this.byId.has(doc.parentLocationId) ? doc.parentLocationId : null;
      this.childrenOf.set(parent, [...(this.childrenOf.get(parent) ?? []), doc]);
    }
  }

  get(id: string): LocationDoc | undefined {
    return this.byId.get(id);
  }

  /** From the top-level location down to `id` (empty for an unknown id); stops on a cycle. */
  pathTo(id: string): PathStep[] {
    const path: PathStep[] = [];
    const seen = new Set<string>();
    for (let doc = this.byId.get(id); doc && !seen.has(doc._id); doc = doc.parentLocationId ? this.byId.get(doc.parentLocationId) : undefined) {
      seen.add(doc._id);
      path.unshift({ id: doc._id, code: doc.code, name: doc.name });
    }
    return path;
  }

  /** Depth-first from the roots (or from `rootId`), each node after its parent, siblings by code. */
  depthFirst(rootId?: string, maxDepth = Infinity): { doc: LocationDoc; depth: number }[] {
    const nodes: { doc: LocationDoc; depth: number }[] = [];
    const visit = (doc: LocationDoc, depth: number): void => {
      nodes.push({ doc, depth });
      if (depth < maxDepth) for (const child of this.childrenOf.get(doc._id) ?? []) visit(child, depth + 1);
    };
    const root = rootId === undefined ? undefined : this.byId.get(rootId);
    for (const doc of root ? [root] : rootId === undefined ? (this.childrenOf.get(null) ?? []) : []) visit(doc, 0);
    return nodes;
  }

  /** `id` and every location below it. */
  subtreeIds(id: string): string[] {
    return this.depthFirst(id).map(({ doc }) => doc._id);
  }
}

/** How long a reader without a Consistency-Token trusts the tree before re-reading its stamp. */
const STAMP_TRUSTED_MS = 250;

/**
 * One tree per generation, reloaded only when the projection has stamped a change since. The
 * stamp is re-read at most every STAMP_TRUSTED_MS (one store round trip less on most lookups),
 * and always for a read-your-writes request.
 */
export class LocationTreeCache {
  private cached: { generation: number; eventId: string | undefined; checkedAt: number; tree: LocationTree } | undefined;

  async tree(space: ReadModelSpace, { consistent }: { consistent: boolean }): Promise<LocationTree> {
    const cached = this.cached;
    if (!consistent && cached?.generation === space.generation && Date.now() - cached.checkedAt < STAMP_TRUSTED_MS) return cached.tree;
    const checkedAt = Date.now();
    const eventId = (await treeStamps(space).findOne({ _id: 'tree' }))?.eventId;
    if (this.cached?.generation !== space.generation || this.cached.eventId !== eventId) {
      this.cached = { generation: space.generation, eventId, checkedAt, tree: new LocationTree(await locations(space).find().toArray()) };
    } else {
      this.cached.checkedAt = checkedAt;
    }
    return this.cached.tree;
  }
}
