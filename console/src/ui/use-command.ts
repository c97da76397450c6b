import { useState } from 'react';
import { type ApiProblem, problemOf } from '../api/problem';

/** Runs a command once at a time: busy while it runs, its problem (and field errors) kept for the form. */
export function useCommand() {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  async function run(command: () => Promise<unknown>, onDone?: () => void): Promise<void> {
    setBusy(true);
    setProblem(undefined);
    try {
      await command();
      onDone?.();
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setBusy(false);
    }
  }
  return { busy, problem, fieldErrors: problem?.fieldErrors() ?? {}, run };
}
