import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { ViewConfig } from '@vaadin/hilla-file-router/types.js';
import { ProjectService, WorkspaceService } from 'Frontend/generated/endpoints';
import type ProjectItem from 'Frontend/generated/io/annotrail/app/project/ProjectService/ProjectItem';
import type WorkspaceItem from 'Frontend/generated/io/annotrail/app/workspace/WorkspaceItem';
import { LoadState } from 'Frontend/components/LoadState';
import { ProgressBar } from 'Frontend/components/ProgressBar';
import { toProblem } from 'Frontend/lib/errors';
import { humanize } from 'Frontend/lib/format';
import { ANNOTATING, MANAGING, REVIEWING, can } from 'Frontend/lib/roles';
import { useLoad } from 'Frontend/lib/useLoad';

export const config: ViewConfig = {
  title: 'Projects',
  loginRequired: true,
  menu: { exclude: true },
};

interface Home {
  workspaces: WorkspaceItem[];
  projects: ProjectItem[];
}

/** Start page: every workspace of the user with its projects and what the user's role lets them do there. */
export default function HomeView() {
  const [load, reload] = useLoad<Home>(
    async () => {
      const [workspaces, projects] = await Promise.all([WorkspaceService.list(), ProjectService.list()]);
      return { workspaces, projects };
    },
    [],
  );

  return (
    <section aria-labelledby="home-title">
      <div className="page-head">
        <h1 id="home-title">Projects</h1>
      </div>
      <LoadState load={load} retry={reload} what="your workspaces">
        {({ workspaces, projects }) => (
          <>
            {workspaces.length === 0 && (
              <p className="empty">
                You are not a member of any workspace yet. Create one below, or ask a workspace administrator to add
                you.
              </p>
            )}
            {workspaces.map((ws) => (
              <WorkspaceSection key={ws.id} workspace={ws} projects={projects.filter((p) => p.workspaceId === ws.id)} />
            ))}
            <CreateWorkspace onCreated={reload} />
          </>
        )}
      </LoadState>
    </section>
  );
}

function WorkspaceSection({ workspace, projects }: { workspace: WorkspaceItem; projects: ProjectItem[] }) {
  return (
    <section className="workspace" aria-labelledby={`ws-${workspace.id}`}>
      <div className="section-head">
        <h2 id={`ws-${workspace.id}`}>
          <Link to={`/workspaces/${workspace.id}`}>{workspace.name}</Link>
        </h2>
        <span className="role-tag">{humanize(workspace.role)}</span>
        {can(MANAGING, workspace.role) && (
          <Link className="button secondary" to={`/workspaces/${workspace.id}/new-project`}>
            New project
          </Link>
        )}
      </div>
      {projects.length === 0 ? (
        <p className="empty">No projects in this workspace yet.</p>
      ) : (
        <ul className="cards">
          {projects.map((p) => (
            <li key={p.id} className="card">
              <h3>
                <Link to={`/projects/${p.id}`}>{p.name}</Link>
              </h3>
              {p.tasks > 0 ? (
                <ProgressBar value={p.completed} max={p.tasks} label={`${p.name}: tasks completed`} />
              ) : (
                <p className="muted">No tasks yet</p>
              )}
              <div className="card-actions">
                {can(ANNOTATING, p.role) && (
                  <Link className="button" to={`/projects/${p.id}/annotate`}>
                    Annotate
                  </Link>
                )}
                {can(REVIEWING, p.role) && (
                  <Link className="button secondary" to={`/projects/${p.id}/review`}>
                    Review
                  </Link>
                )}
                <Link className="button secondary" to={`/projects/${p.id}`}>
                  Dashboard
                </Link>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function CreateWorkspace({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const id = await WorkspaceService.create(name.trim());
      setName('');
      onCreated();
      navigate(`/workspaces/${id}`);
    } catch (err) {
      const problem = toProblem(err);
      setError(problem.fields.name ?? problem.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="inline-form" onSubmit={submit} aria-labelledby="new-ws-title">
      <h2 id="new-ws-title">New workspace</h2>
      <label htmlFor="new-ws-name">Name</label>
      <input
        id="new-ws-name"
        value={name}
        required
        maxLength={200}
        onChange={(e) => setName(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'new-ws-error' : undefined}
      />
      <button type="submit" disabled={busy || !name.trim()}>
        Create workspace
      </button>
      {error && (
        <p id="new-ws-error" role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}
