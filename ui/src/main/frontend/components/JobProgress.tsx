import { useEffect, useState } from 'react';
import { JobService } from 'Frontend/generated/endpoints';
import type JobItem from 'Frontend/generated/io/annotrail/app/job/JobService/JobItem';
import { ProgressBar } from 'Frontend/components/ProgressBar';
import { StatusBadge } from 'Frontend/components/StatusBadge';
import { humanize } from 'Frontend/lib/format';

/** One job's progress, followed every 1.5 s until it has finished; its result summary when it has. */
export function JobProgress({ projectId, jobId }: { projectId: string; jobId: string }) {
  const [job, setJob] = useState<JobItem>();
  const finished = job !== undefined && job.status !== 'RUNNING';

  useEffect(() => {
    if (finished) return undefined;
    let cancelled = false;
    const look = () =>
      JobService.list(projectId).then(
        (jobs) => !cancelled && setJob(jobs.find((j) => j.jobId === jobId)),
        () => undefined,
      );
    void look();
    const timer = setInterval(look, 1500);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [projectId, jobId, finished]);

  if (!job) return <p role="status">Starting…</p>;
  return (
    <div className="job-inline" role="status">
      <strong>{humanize(job.type)}</strong> <StatusBadge status={job.status} />
      <ProgressBar value={job.done} max={job.total > 0 ? job.total : undefined} label={`${humanize(job.type)} progress`} />
      {finished && job.resultJson && <ResultSummary json={job.resultJson} />}
      {job.error && <p className="error">{job.error}</p>}
    </div>
  );
}

/** A result's numbers ("assigned 120 · skipped full 3"), whatever the job type. */
function ResultSummary({ json }: { json: string }) {
  let result: Record<string, unknown>;
  try {
    result = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return null;
  }
  const parts = Object.entries(result)
    .filter(([, v]) => typeof v === 'number')
    .map(([k, v]) => `${humanize(k.replace(/([a-z])([A-Z])/g, '$1_$2'))} ${(v as number).toLocaleString()}`);
  return parts.length ? <p className="muted">{parts.join(' · ')}</p> : null;
}
