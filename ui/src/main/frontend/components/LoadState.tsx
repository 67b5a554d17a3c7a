import type { ReactNode } from 'react';
import type { Load } from 'Frontend/lib/useLoad';

/** Loading, error (with retry) and loaded states of a {@link Load}, the same on every page. */
export function LoadState<T>({
  load,
  retry,
  what,
  children,
}: {
  load: Load<T>;
  retry?: () => void;
  what: string;
  children: (data: T) => ReactNode;
}) {
  if (load.data !== undefined) {
    return (
      <>
        {load.state === 'error' && (
          <p role="alert" className="error">
            Could not refresh {what}: {load.problem.message}
          </p>
        )}
        {children(load.data)}
      </>
    );
  }
  if (load.state === 'error') {
    return (
      <div role="alert" className="error-box">
        <p>
          Could not load {what}: {load.problem.message}
        </p>
        {retry && (
          <button type="button" onClick={retry}>
            Try again
          </button>
        )}
      </div>
    );
  }
  return (
    <p role="status" className="loading">
      Loading {what}…
    </p>
  );
}
