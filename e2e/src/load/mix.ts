/**
 * The load benchmark's workload mix: 70 % lookups, 25 % moves and assignments, 5 % reports, split
 * over the endpoints a warehouse uses most. Weights are in hundredths, so a class's share is the
 * sum of its operations' weights.
 */
export const OPERATIONS = [
  { name: 'where-is', kind: 'lookup', weight: 25 },
  { name: 'what-is-at', kind: 'lookup', weight: 20 },
  { name: 'item history', kind: 'lookup', weight: 15 },
  { name: 'item search', kind: 'lookup', weight: 10 },
  { name: 'move', kind: 'write', weight: 20 },
  { name: 'assignment', kind: 'write', weight: 5 },
  { name: 'inventory status', kind: 'report', weight: 2 },
  { name: 'movements report', kind: 'report', weight: 2 },
  { name: 'counts report', kind: 'report', weight: 1 },
] as const;

export type Operation = (typeof OPERATIONS)[number]['name'];
export type OperationKind = (typeof OPERATIONS)[number]['kind'];
export type Mix = readonly { name: Operation; kind: OperationKind; weight: number }[];

/**
 * The same mix without item search (its share goes to where-is): on a store that scans for every
 * filter but `_id` (FerretDB v1), a search by serial number reads every item, so at a million items
 * it alone decides the p99; this mix shows where the rest of the product turns.
 */
export const WITHOUT_SEARCH: Mix = OPERATIONS.filter(({ name }) => name !== 'item search')
  .map((operation) => (operation.name === 'where-is' ? { ...operation, weight: operation.weight + 10 } : operation));

const totalOf = (mix: Mix): number => mix.reduce((sum, { weight }) => sum + weight, 0);

/** The operation a uniform draw `u` in [0, 1) picks, by cumulative weight. */
export function operationAt(u: number, mix: Mix = OPERATIONS): Operation {
  let threshold = u * totalOf(mix);
  for (const { name, weight } of mix) {
    if (threshold < weight) return name;
    threshold -= weight;
  }
  return mix[mix.length - 1]!.name;
}

/** Share (0–1) of each kind in the mix. */
export function kindShares(mix: Mix = OPERATIONS): Record<OperationKind, number> {
  const shares = { lookup: 0, write: 0, report: 0 };
  for (const { kind, weight } of mix) shares[kind] += weight / totalOf(mix);
  return shares;
}

/** A small seeded generator (sfc32): the same seed gives the same stream of draws in [0, 1). */
export function seededUniform(seed: number): () => number {
  let [a, b, c, d] = [0x9e3779b9, 0x243f6a88, 0xb7e15162, seed >>> 0];
  const next = (): number => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next(); // mix the seed in
  return next;
}
