import { Link, useParams } from 'react-router';
import type { ViewConfig } from '@vaadin/hilla-file-router/types.js';
import { TaskPageService } from 'Frontend/generated/endpoints';
import { AnnotationCard } from 'Frontend/components/AnnotationCard';
import { LoadState } from 'Frontend/components/LoadState';
import { StatusBadge } from 'Frontend/components/StatusBadge';
import { TaskData } from 'Frontend/components/TaskData';
import { dateTime, humanize, prettyJson, relativeTime } from 'Frontend/lib/format';
import { useLoad } from 'Frontend/lib/useLoad';

export const config: ViewConfig = {
  title: 'Task',
  loginRequired: true,
  menu: { exclude: true },
};

/** "TaskClaimedEvent" → "Task claimed". */
function eventName(type: string): string {
  const simple = type.substring(type.lastIndexOf('.') + 1).replace(/Event$/, '');
  const words = simple.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A task's current state, its annotations side by side, and the timeline of everything that happened to it. */
export default function TaskView() {
  const { taskId = '' } = useParams();
  const [load, reload] = useLoad(async () => {
    const [task, history] = await Promise.all([TaskPageService.get(taskId), TaskPageService.history(taskId)]);
    return { task, history };
  }, [taskId]);

  return (
    <LoadState load={load} retry={reload} what="the task">
      {({ task, history }) => (
        <section aria-labelledby="task-title">
          <p className="breadcrumbs">
            <Link to={`/projects/${task.projectId}`}>Project</Link> /
          </p>
          <div className="section-head">
            <h1 id="task-title">Task {task.externalId}</h1>
            <StatusBadge status={task.status} />
            <span className="muted">
              {task.annotations.length} of {task.overlap} annotations · updated {relativeTime(task.updatedAt)}
            </span>
            <button type="button" className="secondary push-right" onClick={reload}>
              Refresh
            </button>
          </div>
          <div className="task-layout">
            <section aria-labelledby="task-data-title" className="panel">
              <h2 id="task-data-title">Data</h2>
              <TaskData dataJson={task.dataJson} assets={task.assets} />
              {task.suggestionJson && (
                <>
                  <h3>Suggestion</h3>
                  <pre className="response">{prettyJson(task.suggestionJson)}</pre>
                </>
              )}
              {task.leases.length > 0 && (
                <>
                  <h3>Working on it now</h3>
                  <ul className="plain-list">
                    {task.leases.map((l) => (
                      <li key={l.claimedAt + l.annotatorName}>
                        {l.annotatorName} since {dateTime(l.claimedAt)}, lease until {dateTime(l.expiresAt)}
                        {l.rework && ' (rework)'}
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </section>
            <section aria-labelledby="task-annotations-title" className="panel">
              <h2 id="task-annotations-title">Annotations</h2>
              {task.annotations.length === 0 ? (
                <p className="empty">No annotations yet.</p>
              ) : (
                <div className="side-by-side">
                  {task.annotations.map((a) => (
                    <AnnotationCard key={a.annotationId} annotation={a} />
                  ))}
                </div>
              )}
            </section>
          </div>
          <section aria-labelledby="timeline-title">
            <h2 id="timeline-title">History</h2>
            <ol className="timeline">
              {history.map((h) => (
                <li key={h.seq}>
                  <time dateTime={h.at}>{dateTime(h.at)}</time>
                  <span className="timeline-event">{eventName(h.type)}</span>
                  <span className="timeline-actor">by {h.actor === 'system' ? 'the system' : h.actor}</span>
                  <details>
                    <summary>Details</summary>
                    <pre>{prettyJson(h.payloadJson)}</pre>
                  </details>
                </li>
              ))}
            </ol>
          </section>
          <p className="muted">Status values: {['OPEN', 'IN_PROGRESS', 'SUBMITTED', 'IN_REVIEW', 'COMPLETED'].map(humanize).join(' → ')}</p>
        </section>
      )}
    </LoadState>
  );
}
