import { useState } from 'react';
import { Link } from 'react-router';
import type { ViewConfig } from '@vaadin/hilla-file-router/types.js';
import { ProjectService } from 'Frontend/generated/endpoints';
import TaskStatus from 'Frontend/generated/io/annotrail/domain/common/TaskStatus';
import { LoadState } from 'Frontend/components/LoadState';
import { StatusBadge } from 'Frontend/components/StatusBadge';
import { humanize, relativeTime } from 'Frontend/lib/format';
import { useProject } from 'Frontend/lib/project-context';
import { useLoad } from 'Frontend/lib/useLoad';

export const config: ViewConfig = {
  title: 'Tasks',
  loginRequired: true,
  menu: { exclude: true },
};

const PAGE_SIZE = 50;

/** The project's tasks, by status and batch, a page at a time; each opens the task page with its history. */
export default function TasksView() {
  const { project } = useProject();
  const [status, setStatus] = useState<TaskStatus | ''>('');
  const [batch, setBatch] = useState('');
  const [page, setPage] = useState(0);
  const [batches] = useLoad(() => ProjectService.batches(project.id), [project.id]);
  const [load, reload] = useLoad(
    () => ProjectService.tasks(project.id, status || undefined, batch || undefined, page, PAGE_SIZE),
    [project.id, status, batch, page],
  );
  const pages = load.data ? Math.max(1, Math.ceil(load.data.total / PAGE_SIZE)) : 1;

  return (
    <section aria-labelledby="tasks-title">
      <div className="section-head">
        <h1 id="tasks-title">Tasks</h1>
        <label htmlFor="task-status">Status</label>
        <select
          id="task-status"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as TaskStatus | '');
            setPage(0);
          }}
        >
          <option value="">All</option>
          {Object.values(TaskStatus).map((s) => (
            <option key={s} value={s}>
              {humanize(s)}
            </option>
          ))}
        </select>
        <label htmlFor="task-batch">Batch</label>
        <select
          id="task-batch"
          value={batch}
          onChange={(e) => {
            setBatch(e.target.value);
            setPage(0);
          }}
        >
          <option value="">All</option>
          {(batches.data ?? []).map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </select>
        <button type="button" className="secondary push-right" onClick={reload}>
          Refresh
        </button>
      </div>
      <LoadState load={load} retry={reload} what="tasks">
        {(rows) =>
          rows.items.length === 0 ? (
            <p className="empty">No tasks{status || batch ? ' match these filters' : ' yet'}.</p>
          ) : (
            <>
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">Task</th>
                    <th scope="col">Status</th>
                    <th scope="col">Annotations</th>
                    <th scope="col">Working now</th>
                    <th scope="col">Updated</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.items.map((t) => (
                    <tr key={t.taskId}>
                      <td>
                        <Link to={`/tasks/${t.taskId}`}>{t.externalId}</Link>
                      </td>
                      <td>
                        <StatusBadge status={t.status} />
                      </td>
                      <td>
                        {t.annotations} / {project.overlap}
                      </td>
                      <td>{t.activeLeases}</td>
                      <td>{relativeTime(t.updatedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <nav className="pager" aria-label="Pages">
                <button type="button" className="secondary" disabled={page === 0} onClick={() => setPage(page - 1)}>
                  Previous
                </button>
                <span>
                  Page {page + 1} of {pages} · {rows.total.toLocaleString()} tasks
                </span>
                <button type="button" className="secondary" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
                  Next
                </button>
              </nav>
            </>
          )
        }
      </LoadState>
    </section>
  );
}
