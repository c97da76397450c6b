import { useCallback, useEffect, useState } from 'react';
import { problemOf, type ApiProblem } from '../api/problem';

export interface Loaded<T> { data: T | undefined; problem: ApiProblem | undefined; loading: boolean; reload: () => void }

/** Loads `load()` when `keys` change (the last answer wins), with loading and problem states. */
export function useLoad<T>(load: () => Promise<T>, keys: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; problem?: ApiProblem; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (data) => { if (current) setState({ data, loading: false }); },
      (error: unknown) => { if (current) setState({ problem: problemOf(error), loading: false }); },
    );
    return () => { current = false; };
  }, [...keys, round]);
  const reload = useCallback(() => setRound((value) => value + 1), []);
  return { data: state.data, problem: state.problem, loading: state.loading, reload };
}
