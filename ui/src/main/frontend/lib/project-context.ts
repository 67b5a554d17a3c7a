import { createContext, useContext } from 'react';
import type ProjectDetail from 'Frontend/generated/io/annotrail/app/project/ProjectService/ProjectDetail';

export interface ProjectContextValue {
  project: ProjectDetail;
  /** Loads the project again (after a schema change). */
  reload: () => void;
}

export const ProjectContext = createContext<ProjectContextValue | undefined>(undefined);

/** The project of the current {@code /projects/:projectId} page, loaded once by the project layout. */
export function useProject(): ProjectContextValue {
  const value = useContext(ProjectContext);
  if (!value) throw new Error('useProject outside a project page');
  return value;
}
