import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { ViewConfig } from '@vaadin/hilla-file-router/types.js';
import { ProjectService, WorkspaceService } from 'Frontend/generated/endpoints';
import type MemberItem from 'Frontend/generated/io/annotrail/app/workspace/WorkspaceService/MemberItem';
import type Role from 'Frontend/generated/io/annotrail/domain/common/Role';
import { LoadState } from 'Frontend/components/LoadState';
import { toProblem } from 'Frontend/lib/errors';
import { humanize } from 'Frontend/lib/format';
import { ADMINISTERING, ALL_ROLES, MANAGING, can } from 'Frontend/lib/roles';
import { useLoad } from 'Frontend/lib/useLoad';

export const config: ViewConfig = {
  title: 'Workspace',
  loginRequired: true,
  menu: { exclude: true },
};

/** A workspace: its projects and its members; workspace ADMINs add people and change or remove roles. */
export default function WorkspaceView() {
  const { workspaceId = '' } = useParams();
  const [load, reload] = useLoad(async () => {
    const [workspaces, members, projects] = await Promise.all([
      WorkspaceService.list(),
      WorkspaceService.members(workspaceId),
      ProjectService.list(),
    ]);
    const workspace = workspaces.find((w) => w.id === workspaceId);
    if (!workspace) throw new Error('This workspace does not exist or you are not a member.');
    return { workspace, members, projects: projects.filter((p) => p.workspaceId === workspaceId) };
  }, [workspaceId]);

  return (
    <LoadState load={load} retry={reload} what="the workspace">
      {({ workspace, members, projects }) => (
        <section aria-labelledby="ws-title">
          <div className="page-head">
            <p className="breadcrumbs">
              <Link to="/">Projects</Link> /
            </p>
            <h1 id="ws-title">{workspace.name}</h1>
            <span className="role-tag">Your role: {humanize(workspace.role)}</span>
          </div>
          <section aria-labelledby="ws-projects">
            <div className="section-head">
              <h2 id="ws-projects">Projects</h2>
              {can(MANAGING, workspace.role) && (
                <Link className="button" to={`/workspaces/${workspaceId}/new-project`}>
                  New project
                </Link>
              )}
            </div>
            {projects.length === 0 ? (
              <p className="empty">No projects yet.</p>
            ) : (
              <ul className="plain-list">
                {projects.map((p) => (
                  <li key={p.id}>
                    <Link to={`/projects/${p.id}`}>{p.name}</Link>{' '}
                    <span className="muted">(schema v{p.schemaVersion})</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <Members
            workspaceId={workspaceId}
            members={members}
            canAdminister={can(ADMINISTERING, workspace.role)}
            onChange={reload}
          />
        </section>
      )}
    </LoadState>
  );
}

function Members({
  workspaceId,
  members,
  canAdminister,
  onChange,
}: {
  workspaceId: string;
  members: MemberItem[];
  canAdminister: boolean;
  onChange: () => void;
}) {
  const [error, setError] = useState<string>();
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<Role>('ANNOTATOR' as Role);
  const [busy, setBusy] = useState(false);

  async function act(action: () => Promise<unknown>) {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      onChange();
      return true;
    } catch (e) {
      const problem = toProblem(e);
      setError(problem.fields.username ?? problem.message);
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function add(e: FormEvent) {
    e.preventDefault();
    if (await act(() => WorkspaceService.setRole(workspaceId, username.trim(), role))) setUsername('');
  }

  return (
    <section aria-labelledby="ws-members">
      <h2 id="ws-members">Members</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Username</th>
            <th scope="col">Role</th>
            {canAdminister && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.userId}>
              <td>{m.displayName}</td>
              <td>{m.username}</td>
              <td>
                {canAdminister ? (
                  <select
                    aria-label={`Role of ${m.displayName}`}
                    value={m.role}
                    disabled={busy}
                    onChange={(e) => act(() => WorkspaceService.setRole(workspaceId, m.username, e.target.value as Role))}
                  >
                    {ALL_ROLES.map((r) => (
                      <option key={r} value={r}>
                        {humanize(r)}
                      </option>
                    ))}
                  </select>
                ) : (
                  humanize(m.role)
                )}
              </td>
              {canAdminister && (
                <td>
                  <button
                    type="button"
                    className="secondary danger"
                    disabled={busy}
                    onClick={() => act(() => WorkspaceService.removeMember(workspaceId, m.userId))}
                  >
                    Remove<span className="visually-hidden"> {m.displayName}</span>
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {canAdminister && (
        <form className="inline-form" onSubmit={add} aria-label="Add a member">
          <label htmlFor="member-username">Username</label>
          <input
            id="member-username"
            value={username}
            required
            onChange={(e) => setUsername(e.target.value)}
            autoComplete="off"
          />
          <label htmlFor="member-role">Role</label>
          <select id="member-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ALL_ROLES.map((r) => (
              <option key={r} value={r}>
                {humanize(r)}
              </option>
            ))}
          </select>
          <button type="submit" disabled={busy || !username.trim()}>
            Add member
          </button>
        </form>
      )}
    </section>
  );
}
