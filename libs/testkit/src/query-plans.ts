import type { Document } from 'mongodb';

/** Every stage an explain output names, however the server nests them (classic or SBE plans, aggregations). */
export function planStages(explain: unknown): string[] {
  if (Array.isArray(explain)) return explain.flatMap(planStages);
  if (explain === null || typeof explain !== 'object') return [];
  const stage = (explain as Document).stage;
  return [...(typeof stage === 'string' ? [stage] : []), ...Object.values(explain).flatMap(planStages)];
}

/** Throws unless the plan names stages and none of them scans the collection. */
export function assertNoCollectionScan(what: string, explain: unknown): void {
  const stages = planStages(explain);
  if (stages.length === 0) throw new Error(`${what}: the explain output names no stage: ${JSON.stringify(explain)}`);
  if (stages.includes('COLLSCAN')) throw new Error(`${what} scans the collection: stages ${stages.join(' > ')}`);
}
