/** The rising concurrency of the load benchmark and when it stops. */
export interface StepOutcome {
  concurrency: number;
  /** Calls answered per second over the step. */
  throughput: number;
  p50: number;
  p99: number;
  p999: number;
  errors: number;
  calls: number;
}

export interface StepPlan {
  /** First step's concurrency; each next step doubles it. */
  start: number;
  /** Never beyond this many clients. */
  max: number;
  /** The step whose overall p99 passes this (ms) is the last… */
  p99LimitMs: number;
  /** …unless fewer steps than this have run (so a curve is drawn even when the first step passes it). */
  minSteps?: number;
}

/** The next step's concurrency, or null when the run is over: p99 passed the limit (after minSteps), the last step was at max, or everything failed. */
export function nextConcurrency(plan: StepPlan, done: readonly StepOutcome[]): number | null {
  const last = done.at(-1);
  if (!last) return Math.min(plan.start, plan.max);
  const passed = last.p99 > plan.p99LimitMs && done.length >= (plan.minSteps ?? 1);
  if (passed || last.concurrency >= plan.max || (last.calls > 0 && last.errors === last.calls)) return null;
  return Math.min(plan.max, last.concurrency * 2);
}

/** The knee: the step with the highest throughput whose p99 stayed within the limit (else the first step). */
export function kneeOf(plan: StepPlan, steps: readonly StepOutcome[]): StepOutcome | undefined {
  const within = steps.filter((step) => step.p99 <= plan.p99LimitMs);
  return (within.length > 0 ? within : steps.slice(0, 1)).reduce<StepOutcome | undefined>((best, step) => (!best || step.throughput > best.throughput ? step : best), undefined);
}
