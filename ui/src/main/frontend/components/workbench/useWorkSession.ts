import { useCallback, useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import { type WorkApi, WorkSession, type WorkSessionOptions, type WorkSnapshot } from './session';

export interface UseWorkSessionResult {
  /** Null until mounted and while {@code api} is null. */
  session: WorkSession | null;
  snapshot: WorkSnapshot;
  /** Seconds left on the current task's lease, refreshed every second. */
  secondsLeft: number | null;
}

const IDLE: WorkSnapshot = Object.freeze({
  state: 'idle',
  current: null,
  prefetched: null,
  pending: null,
  error: null,
  violations: [],
  violationsByPath: {},
  active: true,
  submittedCount: 0,
  lastAnnotationId: null,
});

const noSubscription = () => () => {};

/**
 * Runs a {@link WorkSession} for as long as the component is mounted: starts it, follows the page's visibility
 * (leases are renewed only while the page is visible) and stops it on unmount, releasing the leases it holds.
 * A new {@code api} object means a new session, so memoize it (e.g. per project id). The options are read once
 * per session.
 */
export function useWorkSession(api: WorkApi | null, options?: WorkSessionOptions): UseWorkSessionResult {
  const [session, setSession] = useState<WorkSession | null>(null);
  const optionsRef = useRef(options);
  useLayoutEffect(() => {
    optionsRef.current = options;
  });

  useEffect(() => {
    if (!api) {
      setSession(null);
      return undefined;
    }
    const created = new WorkSession(api, optionsRef.current);
    const followVisibility = () => created.setActive(document.visibilityState !== 'hidden');
    followVisibility();
    document.addEventListener('visibilitychange', followVisibility);
    setSession(created);
    void created.start();
    return () => {
      document.removeEventListener('visibilitychange', followVisibility);
      void created.stop();
    };
  }, [api]);

  const subscribe = useCallback(
    (listener: () => void) => (session ? session.subscribe(listener) : noSubscription()),
    [session],
  );
  const snapshot = useSyncExternalStore(subscribe, () => (session ? session.snapshot() : IDLE));

  const [, setTick] = useState(0);
  const hasCurrent = snapshot.current !== null;
  useEffect(() => {
    if (!hasCurrent) return undefined;
    const timer = setInterval(() => setTick((tick) => tick + 1), 1000);
    return () => clearInterval(timer);
  }, [hasCurrent]);

  return { session, snapshot, secondsLeft: session ? session.secondsLeft() : null };
}
