import type { ApiClient } from '@inventory/tools';
import { runStep, type LoadTargets, type StepOptions, type StepResult } from './driver.js';
import { nextConcurrency, type StepPlan } from './steps.js';

/**
 * Steps of rising concurrency until the stopping rule ends the run. Each step logs in afresh (a
 * run outlasts an access token) and continues from the pairs' state the previous step left.
 */
export async function runLoad(
  login: () => Promise<ApiClient>,
  targets: LoadTargets,
  plan: StepPlan,
  step: Omit<StepOptions, 'concurrency'>,
  onStep: (result: StepResult) => void = () => undefined,
): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (let concurrency = nextConcurrency(plan, []); concurrency !== null; concurrency = nextConcurrency(plan, results.map((result) => result.outcome))) {
    const result = await runStep(await login(), targets, { ...step, concurrency, seed: step.seed + results.length });
    results.push(result);
    onStep(result);
  }
  return results;
}
