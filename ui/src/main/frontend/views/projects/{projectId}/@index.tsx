import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { ViewConfig } from '@vaadin/hilla-file-router/types.js';
import { JobService, ProjectService } from 'Frontend/generated/endpoints';
import type Dashboard from 'Frontend/generated/io/annotrail/app/project/ProjectService/Dashboard';
import Range from 'Frontend/generated/io/annotrail/app/project/ProjectService/Range';
import type JobItem from 'Frontend/generated/io/annotrail/app/job/JobService/JobItem';
import ExportFormat from 'Frontend/generated/io/annotrail/domain/job/ExportFormat';
import { LineChart } from 'Frontend/components/charts/LineChart';
import { StackedBars } from 'Frontend/components/charts/StackedBars';
import { ProgressBar } from 'Frontend/components/ProgressBar';
import { StatusBadge } from 'Frontend/components/StatusBadge';
import { toProblem } from 'Frontend/lib/errors';
import { humanize, relativeTime } from 'Frontend/lib/format';
import { useProject } from 'Frontend/lib/project-context';
import { ANNOTATING, MANAGING, READING, REVIEWING, can } from 'Frontend/lib/roles';

export const config: ViewConfig = {
  title: 'Dashboard',
  loginRequired: true,
  menu: { exclude: true },
};

const STATUS_COLORS: Record<string, string> = {
  OPEN: '#9aa5b1',
  IN_PROGRESS: '#f0b429',
  SUBMITTED: '#47a3f3',
  IN_REVIEW: '#8662c7',
  COMPLETED: '#3ebd93',
};

const RANGE_LABELS: Record<Range, string> = {
  [Range.HOUR]: 'Last hour',
  [Range.DAY]: 'Last 24 hours',
  [Range.FORTNIGHT]: 'Last 14 days',
};

/**
 * The project dashboard: task status breakdown, throughput over time and per-annotator counts, kept up to date by
 * the server's live stream (with a polling fallback when the stream cannot be opened), and the project's jobs
 * with their progress.
 */
export default function DashboardView() {
  const { project } = useProject();
  const [range, setRange] = useState<Range>(Range.HOUR);
  const [dashboard, setDashboard] = useState<Dashboard>();
  const [error, setError] = useState<string>();
  const [live, setLive] = useState(false);

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setInterval> | undefined;
    const poll = () =>
      ProjectService.dashboard(project.id, range).then(
        (d) => !cancelled && (setDashboard(d), setError(undefined)),
        (e: unknown) => !cancelled && setError(toProblem(e).message),
      );
    setDashboard(undefined);
    const subscription = ProjectService.live(project.id, range)
      .onNext((d) => {
        if (cancelled) return;
        setDashboard(d);
        setLive(true);
        setError(undefined);
      })
      .onError(() => {
        // The push channel is unavailable (a proxy without WebSockets, say): poll instead.
        if (cancelled) return;
        setLive(false);
        void poll();
        timer = setInterval(poll, 5000);
      });
    return () => {
      cancelled = true;
      subscription.cancel();
      if (timer) clearInterval(timer);
    };
  }, [project.id, range]);

  const hourly = range !== Range.FORTNIGHT;
  const tick = (iso: string) =>
    hourly
      ? new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
      : // Day buckets start at midnight UTC: label them with that date wherever the reader is.
        new Date(iso).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });

  return (
    <section aria-labelledby="dashboard-title">
      <div className="section-head">
        <h1 id="dashboard-title">Dashboard</h1>
        <span className={live ? 'live-dot on' : 'live-dot'} role="status">
          {live ? 'Live' : 'Updating every 5 s'}
        </span>
        <label htmlFor="range" className="push-right">
          Period
        </label>
        <select id="range" value={range} onChange={(e) => setRange(e.target.value as Range)}>
          {Object.values(Range).map((r) => (
            <option key={r} value={r}>
              {RANGE_LABELS[r]}
            </option>
          ))}
        </select>
      </div>
      {error && (
        <p role="alert" className="error">
          Could not load the dashboard: {error}
        </p>
      )}
      {!dashboard && !error && <p role="status">Loading the dashboard…</p>}
      {dashboard && (
        <>
          <div className="stats" role="group" aria-label="Totals">
            <Stat label="Tasks" value={dashboard.tasks} />
            <Stat label="Annotations" value={dashboard.annotations} />
            <Stat
              label="Completed"
              value={dashboard.statuses.find((s) => s.status === 'COMPLETED')?.count ?? 0}
              of={dashboard.tasks}
            />
            <Stat
              label="Waiting for review"
              value={dashboard.pendingReview}
            />
          </div>
          {dashboard.tasks === 0 && (
            <p className="empty">
              No tasks yet.{' '}
              {can(MANAGING, project.role) ? (
                <Link to={`/projects/${project.id}/batches`}>Create a batch and upload tasks</Link>
              ) : (
                'A manager has to import some.'
              )}
            </p>
          )}
          <div className="chart-grid">
            <StackedBars
              title="Tasks by status"
              segments={[{ key: 'count', label: 'Tasks', color: '#2457c5' }]}
              rows={dashboard.statuses.map((s) => ({ label: humanize(s.status), values: { count: s.count } }))}
            />
            <LineChart
              title={`Throughput (${RANGE_LABELS[range].toLowerCase()})`}
              series={[
                { key: 'submitted', label: 'Submitted', color: '#2457c5' },
                { key: 'reviewed', label: 'Reviewed', color: '#8662c7' },
              ]}
              points={dashboard.throughput.map((p) => ({
                at: p.start,
                values: { submitted: p.submitted, reviewed: p.reviewed },
              }))}
              formatTick={tick}
            />
            <StackedBars
              title={can(READING, project.role) ? 'Annotations per annotator' : 'Your annotations'}
              segments={[
                { key: 'accepted', label: 'Accepted', color: '#3ebd93' },
                { key: 'rejected', label: 'Rejected', color: '#e12d39' },
                { key: 'pending', label: 'Waiting for review', color: '#8662c7' },
                { key: 'notReviewed', label: 'No review needed', color: '#9aa5b1' },
              ]}
              rows={dashboard.annotators.map((a) => ({
                label: a.name,
                values: { accepted: a.accepted, rejected: a.rejected, pending: a.pending, notReviewed: a.notReviewed },
              }))}
            />
          </div>
          <p className="muted">
            {can(ANNOTATING, project.role) && (
              <Link to={`/projects/${project.id}/annotate`}>Start annotating</Link>
            )}
            {can(ANNOTATING, project.role) && can(REVIEWING, project.role) && ' · '}
            {can(REVIEWING, project.role) && <Link to={`/projects/${project.id}/review`}>Open the review queue</Link>}
          </p>
        </>
      )}
      {can(READING, project.role) && <Jobs projectId={project.id} canManage={can(MANAGING, project.role)} />}
    </section>
  );
}

function Stat({ label, value, of }: { label: string; value: number; of?: number }) {
  return (
    <div className="stat">
      <span className="stat-value">{value.toLocaleString()}</span>
      <span className="stat-label">
        {label}
        {of !== undefined && of > 0 && ` (${Math.round((value / of) * 100)}%)`}
      </span>
    </div>
  );
}

/** The project's jobs with progress bars; refreshed every 2 s while one is running. */
function Jobs({ projectId, canManage }: { projectId: string; canManage: boolean }) {
  const [jobs, setJobs] = useState<JobItem[]>();
  const [error, setError] = useState<string>();
  const [refresh, setRefresh] = useState(0);
  const running = jobs?.some((j) => j.status === 'RUNNING') ?? false;

  useEffect(() => {
    let cancelled = false;
    JobService.list(projectId).then(
      (list) => !cancelled && (setJobs(list), setError(undefined)),
      (e: unknown) => !cancelled && setError(toProblem(e).message),
    );
    return () => {
      cancelled = true;
    };
  }, [projectId, refresh]);

  useEffect(() => {
    if (!running) return undefined;
    const timer = setInterval(() => setRefresh((n) => n + 1), 2000);
    return () => clearInterval(timer);
  }, [running]);

  async function act(action: () => Promise<unknown>) {
    try {
      await action();
      setRefresh((n) => n + 1);
    } catch (e) {
      setError(toProblem(e).message);
    }
  }

  return (
    <section aria-labelledby="jobs-title" className="jobs">
      <div className="section-head">
        <h2 id="jobs-title">Jobs</h2>
        {canManage && (
          <>
            <button type="button" className="secondary" onClick={() => act(() => JobService.export(projectId, ExportFormat.JSONL))}>
              Export JSONL
            </button>
            <button type="button" className="secondary" onClick={() => act(() => JobService.export(projectId, ExportFormat.CSV))}>
              Export CSV
            </button>
          </>
        )}
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {jobs && jobs.length === 0 && <p className="empty">No jobs yet. Exports, bulk assignments and pre-labelling runs show up here.</p>}
      {jobs && jobs.length > 0 && (
        <ul className="job-list">
          {jobs.map((job) => (
            <li key={job.jobId} className="job">
              <div className="job-head">
                <strong>{humanize(job.type)}</strong> <StatusBadge status={job.status} />
                <span className="muted">started {relativeTime(job.startedAt)}</span>
                {job.status === 'RUNNING' && canManage && !job.cancellationRequested && (
                  <button type="button" className="secondary small" onClick={() => act(() => JobService.cancel(job.jobId))}>
                    Cancel
                  </button>
                )}
              </div>
              <ProgressBar value={job.done} max={job.total > 0 ? job.total : undefined} label={`${humanize(job.type)} progress`} />
              {job.failed > 0 && <p className="warning">{job.failed} failed</p>}
              {job.error && <p className="error">{job.error}</p>}
              <JobResult job={job} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function JobResult({ job }: { job: JobItem }) {
  if (!job.resultJson || job.status !== 'COMPLETED') return null;
  let result: Record<string, unknown>;
  try {
    result = JSON.parse(job.resultJson) as Record<string, unknown>;
  } catch {
    return null;
  }
  const url = typeof result.downloadUrl === 'string' ? result.downloadUrl : undefined;
  const rows = typeof result.rows === 'number' ? result.rows : undefined;
  return (
    <p className="job-result">
      {rows !== undefined && <span>{rows.toLocaleString()} rows. </span>}
      {url && /^(https?:)?\//.test(url) && (
        <a href={url} rel="noopener noreferrer">
          Download
        </a>
      )}
    </p>
  );
}
