import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';
import { type Problem, toProblem } from 'Frontend/lib/errors';

export type Load<T> =
  | { state: 'loading'; data?: T }
  | { state: 'error'; problem: Problem; data?: T }
  | { state: 'loaded'; data: T };

/**
 * Runs a service call when the dependencies change and on {@code reload()}. Keeps the last data while reloading, so a
 * refresh does not flash an empty page; ignores answers that arrive after a newer call started.
 */
export function useLoad<T>(call: () => Promise<T>, deps: DependencyList): [Load<T>, () => void] {
  const [load, setLoad] = useState<Load<T>>({ state: 'loading' });
  const generation = useRef(0);
  const run = useCallback(() => {
    const mine = ++generation.current;
    setLoad((previous) => ({ state: 'loading', data: previous.data }));
    call().then(
      (data) => mine === generation.current && setLoad({ state: 'loaded', data }),
      (e: unknown) =>
        mine === generation.current && setLoad((previous) => ({ state: 'error', problem: toProblem(e), data: previous.data })),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  useEffect(run, [run]);
  return [load, run];
}
