import { useEffect, useState } from 'react';
import type { ViewConfig } from '@vaadin/hilla-file-router/types.js';
import { WorkspaceService } from 'Frontend/generated/endpoints';
import type WorkspaceItem from 'Frontend/generated/io/annotrail/app/workspace/WorkspaceItem';

export const config: ViewConfig = {
  title: 'Workspaces',
  loginRequired: true,
  menu: { order: 0 },
};

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'loaded'; items: WorkspaceItem[] };

/** Start page: the signed-in user's workspaces and their role in each. */
export default function WorkspacesView() {
  const [state, setState] = useState<State>({ kind: 'loading' });

  useEffect(() => {
    WorkspaceService.list().then(
      (items) => setState({ kind: 'loaded', items }),
      (e: unknown) => setState({ kind: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
  }, []);

  return (
    <section aria-labelledby="workspaces-title">
      <h1 id="workspaces-title">Workspaces</h1>
      {state.kind === 'loading' && <p role="status">Loading workspaces…</p>}
      {state.kind === 'error' && (
        <p role="alert" className="error">
          Could not load your workspaces: {state.message}
        </p>
      )}
      {state.kind === 'loaded' && state.items.length === 0 && (
        <p className="empty">You are not a member of any workspace yet.</p>
      )}
      {state.kind === 'loaded' && state.items.length > 0 && (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Your role</th>
            </tr>
          </thead>
          <tbody>
            {state.items.map((ws) => (
              <tr key={ws.id}>
                <td>{ws.name}</td>
                <td>{ws.role}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
