import { NavLink, Outlet, Link, useParams } from 'react-router';
import type { ViewConfig } from '@vaadin/hilla-file-router/types.js';
import { ProjectService } from 'Frontend/generated/endpoints';
import { LoadState } from 'Frontend/components/LoadState';
import { humanize } from 'Frontend/lib/format';
import { ProjectContext } from 'Frontend/lib/project-context';
import { ANNOTATING, MANAGING, READING, REVIEWING, can } from 'Frontend/lib/roles';
import { useLoad } from 'Frontend/lib/useLoad';

export const config: ViewConfig = {
  loginRequired: true,
  menu: { exclude: true },
};

/** A project's header and its tabs, shown by role: everyone sees the dashboard; the rest follows the role. */
export default function ProjectLayout() {
  const { projectId = '' } = useParams();
  const [load, reload] = useLoad(() => ProjectService.get(projectId), [projectId]);

  return (
    <LoadState load={load} retry={reload} what="the project">
      {(project) => (
        <ProjectContext.Provider value={{ project, reload }}>
          <div className="project-head">
            <p className="breadcrumbs">
              <Link to="/">Projects</Link> / <Link to={`/workspaces/${project.workspaceId}`}>{project.workspaceName}</Link> /
            </p>
            <div className="project-title">
              <span className="project-name">{project.name}</span>
              <span className="role-tag">{humanize(project.role)}</span>
            </div>
            <nav className="tabs" aria-label="Project">
              <NavLink to={`/projects/${projectId}`} end>
                Dashboard
              </NavLink>
              {can(ANNOTATING, project.role) && <NavLink to={`/projects/${projectId}/annotate`}>Annotate</NavLink>}
              {can(REVIEWING, project.role) && <NavLink to={`/projects/${projectId}/review`}>Review</NavLink>}
              <NavLink to={`/projects/${projectId}/batches`}>Batches</NavLink>
              {can(READING, project.role) && <NavLink to={`/projects/${projectId}/tasks`}>Tasks</NavLink>}
              <NavLink to={`/projects/${projectId}/settings`}>{can(MANAGING, project.role) ? 'Schema & settings' : 'Schema'}</NavLink>
            </nav>
          </div>
          <Outlet />
        </ProjectContext.Provider>
      )}
    </LoadState>
  );
}
