import { Navigate } from 'react-router';
import type { ViewConfig } from '@vaadin/hilla-file-router/types.js';

export const config: ViewConfig = {
  title: 'Projects',
  loginRequired: true,
  menu: { exclude: true },
};

/**
 * /projects lists nothing of its own: the projects are on the start page. (The file also keeps the router from
 * collapsing this directory into its {projectId} child, which would drop "projects/" from every project URL.)
 */
export default function ProjectsIndex() {
  return <Navigate to="/" replace />;
}
