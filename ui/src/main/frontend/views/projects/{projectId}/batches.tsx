import { type FormEvent, useRef, useState } from 'react';
import type { ViewConfig } from '@vaadin/hilla-file-router/types.js';
import { BatchService, JobService, PrelabelService, ProjectService, WorkspaceService } from 'Frontend/generated/endpoints';
import AssignmentStrategy from 'Frontend/generated/io/annotrail/domain/job/AssignmentStrategy';
import type BatchItem from 'Frontend/generated/io/annotrail/app/project/ProjectService/BatchItem';
import { LoadState } from 'Frontend/components/LoadState';
import { JobProgress } from 'Frontend/components/JobProgress';
import { ProgressBar } from 'Frontend/components/ProgressBar';
import { StatusBadge } from 'Frontend/components/StatusBadge';
import { toProblem } from 'Frontend/lib/errors';
import { useProject } from 'Frontend/lib/project-context';
import { ANNOTATING, MANAGING, can } from 'Frontend/lib/roles';
import { type ImportResult, UploadError, taskFileType, uploadTasks } from 'Frontend/lib/upload';
import { useLoad } from 'Frontend/lib/useLoad';

export const config: ViewConfig = {
  title: 'Batches',
  loginRequired: true,
  menu: { exclude: true },
};

/** A project's batches: create, upload task files (progress and a per-line report), open / pause / close. */
export default function BatchesView() {
  const { project } = useProject();
  const manage = can(MANAGING, project.role);
  const [load, reload] = useLoad(() => ProjectService.batches(project.id), [project.id]);
  const [error, setError] = useState<string>();

  async function act(action: () => Promise<unknown>) {
    setError(undefined);
    try {
      await action();
    } catch (e) {
      setError(toProblem(e).message);
    } finally {
      reload();
    }
  }

  return (
    <section aria-labelledby="batches-title">
      <h1 id="batches-title">Batches</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <LoadState load={load} retry={reload} what="batches">
        {(batches) =>
          batches.length === 0 ? (
            <p className="empty">No batches yet.{manage && ' Create one below, then upload a task file into it.'}</p>
          ) : (
            <ul className="batch-list">
              {batches.map((batch) => (
                <Batch key={batch.id} batch={batch} manage={manage} act={act} onImported={reload} />
              ))}
            </ul>
          )
        }
      </LoadState>
      {manage && <CreateBatch projectId={project.id} onCreated={reload} />}
    </section>
  );
}

function Batch({
  batch,
  manage,
  act,
  onImported,
}: {
  batch: BatchItem;
  manage: boolean;
  act: (action: () => Promise<unknown>) => Promise<void>;
  onImported: () => void;
}) {
  const open = batch.status === 'DRAFT' || batch.status === 'PAUSED';
  return (
    <li className="batch" aria-labelledby={`batch-${batch.id}`}>
      <div className="batch-head">
        <h2 id={`batch-${batch.id}`}>{batch.name}</h2>
        <StatusBadge status={batch.status} />
        <span className="muted">
          {batch.tasks.toLocaleString()} tasks · priority {batch.priority}
        </span>
        {manage && batch.status !== 'CLOSED' && (
          <span className="batch-actions">
            {open && (
              <button type="button" onClick={() => act(() => BatchService.open(batch.id))}>
                Open<span className="visually-hidden"> {batch.name}</span>
              </button>
            )}
            {batch.status === 'OPEN' && (
              <button type="button" className="secondary" onClick={() => act(() => BatchService.pause(batch.id))}>
                Pause<span className="visually-hidden"> {batch.name}</span>
              </button>
            )}
            <button
              type="button"
              className="secondary danger"
              onClick={() => {
                if (window.confirm(`Close "${batch.name}" for good? Its open tasks will not be handed out again.`)) {
                  void act(() => BatchService.close(batch.id));
                }
              }}
            >
              Close<span className="visually-hidden"> {batch.name}</span>
            </button>
          </span>
        )}
      </div>
      {manage && batch.status !== 'CLOSED' && <Upload batch={batch} onImported={onImported} />}
      {manage && batch.status !== 'CLOSED' && batch.tasks > 0 && <BatchJobs batch={batch} />}
    </li>
  );
}

type UploadState =
  | { kind: 'idle' }
  | { kind: 'uploading'; fraction: number }
  | { kind: 'processing' }
  | { kind: 'done'; result: ImportResult }
  | { kind: 'failed'; message: string; lines: { line: string; reason: string }[] };

function Upload({ batch, onImported }: { batch: BatchItem; onImported: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [atomic, setAtomic] = useState(false);
  const [state, setState] = useState<UploadState>({ kind: 'idle' });
  const busy = state.kind === 'uploading' || state.kind === 'processing';

  async function submit(e: FormEvent) {
    e.preventDefault();
    const file = input.current?.files?.[0];
    if (!file) return;
    const head = await file.slice(0, 64).text();
    setState({ kind: 'uploading', fraction: 0 });
    try {
      const result = await uploadTasks(
        batch.id,
        file,
        atomic,
        (fraction) => setState(fraction >= 1 ? { kind: 'processing' } : { kind: 'uploading', fraction }),
        taskFileType(file.name, head.trimStart().charAt(0) || undefined),
      );
      setState({ kind: 'done', result });
      if (input.current) input.current.value = '';
      onImported();
    } catch (err) {
      if (err instanceof UploadError) {
        setState({
          kind: 'failed',
          message: err.message,
          lines: (err.problem?.violations ?? []).map((v) => ({ line: v.path, reason: v.message })),
        });
      } else {
        setState({ kind: 'failed', message: err instanceof Error ? err.message : String(err), lines: [] });
      }
    }
  }

  const id = `upload-${batch.id}`;
  return (
    <form className="upload" onSubmit={submit} aria-label={`Upload tasks into ${batch.name}`}>
      <label htmlFor={id}>Task file (JSON array, JSON Lines or CSV with an externalId column)</label>
      <input id={id} ref={input} type="file" accept=".json,.jsonl,.ndjson,.csv,application/json,text/csv" required disabled={busy} />
      <label className="checkbox">
        <input type="checkbox" checked={atomic} onChange={(e) => setAtomic(e.target.checked)} disabled={busy} />
        Import nothing if any line is invalid
      </label>
      <button type="submit" disabled={busy}>
        Upload
      </button>
      {state.kind === 'uploading' && <ProgressBar value={Math.round(state.fraction * 100)} max={100} label="Upload progress" />}
      {state.kind === 'processing' && (
        <div role="status">
          <ProgressBar value={0} label="Importing" /> Importing…
        </div>
      )}
      {state.kind === 'done' && (
        <div role="status" className="upload-report">
          <p>
            Imported {state.result.accepted.toLocaleString()} tasks
            {state.result.duplicates > 0 && `, ${state.result.duplicates.toLocaleString()} duplicates skipped`}
            {state.result.rejected.length > 0 && `, ${state.result.rejected.length} lines rejected`}.
          </p>
          {state.result.rejected.length > 0 && <LineReport lines={state.result.rejected.map((r) => ({ line: String(r.line), reason: r.reason }))} />}
        </div>
      )}
      {state.kind === 'failed' && (
        <div role="alert" className="upload-report error-box">
          <p>{state.message}</p>
          {state.lines.length > 0 && <LineReport lines={state.lines} />}
        </div>
      )}
    </form>
  );
}

/** The per-line errors of an import; lines are numbered from 1 as in an editor. */
function LineReport({ lines }: { lines: { line: string; reason: string }[] }) {
  const shown = lines.slice(0, 200);
  return (
    <table className="data-table line-report">
      <caption>Rejected lines</caption>
      <thead>
        <tr>
          <th scope="col">Line</th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {shown.map((l) => (
          <tr key={l.line + l.reason}>
            <td>{l.line.replace(/^line /, '')}</td>
            <td>{l.reason}</td>
          </tr>
        ))}
        {lines.length > shown.length && (
          <tr>
            <td colSpan={2}>… and {lines.length - shown.length} more</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

/** Bulk assignment to chosen annotators and LLM pre-labelling of one batch, each followed by its progress. */
function BatchJobs({ batch }: { batch: BatchItem }) {
  const { project } = useProject();
  const [open, setOpen] = useState<'assign' | undefined>();
  const [members] = useLoad(() => WorkspaceService.members(project.workspaceId), [project.workspaceId]);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [strategy, setStrategy] = useState<AssignmentStrategy>(AssignmentStrategy.ROUND_ROBIN);
  const [jobs, setJobs] = useState<string[]>([]);
  const [error, setError] = useState<string>();
  const annotators = (members.data ?? []).filter((m) => can(ANNOTATING, m.role));

  async function start(action: () => Promise<string>) {
    setError(undefined);
    try {
      const jobId = await action();
      setJobs((list) => [jobId, ...list]);
      setOpen(undefined);
    } catch (e) {
      setError(toProblem(e).message);
    }
  }

  return (
    <div className="batch-jobs">
      <div className="button-row">
        <button type="button" className="secondary" aria-expanded={open === 'assign'} onClick={() => setOpen(open ? undefined : 'assign')}>
          Assign to annotators…
        </button>
        <button type="button" className="secondary" onClick={() => start(() => PrelabelService.start(batch.id))}>
          Pre-label with the LLM
        </button>
      </div>
      {open === 'assign' && (
        <form
          className="assign-form"
          aria-label={`Assign the tasks of ${batch.name}`}
          onSubmit={(e) => {
            e.preventDefault();
            void start(() => JobService.assign(project.id, batch.id, [...chosen], strategy));
          }}
        >
          <fieldset>
            <legend>Annotators</legend>
            {annotators.length === 0 && <p className="empty">No annotators in this workspace yet.</p>}
            {annotators.map((m) => (
              <label key={m.userId} className="checkbox">
                <input
                  type="checkbox"
                  checked={chosen.has(m.userId)}
                  onChange={(e) => {
                    const next = new Set(chosen);
                    if (e.target.checked) next.add(m.userId);
                    else next.delete(m.userId);
                    setChosen(next);
                  }}
                />
                {m.displayName}
              </label>
            ))}
          </fieldset>
          <label htmlFor={`strategy-${batch.id}`}>Strategy</label>
          <select id={`strategy-${batch.id}`} value={strategy} onChange={(e) => setStrategy(e.target.value as AssignmentStrategy)}>
            <option value={AssignmentStrategy.ROUND_ROBIN}>Round robin</option>
            <option value={AssignmentStrategy.BALANCED}>Balanced by current load</option>
          </select>
          <button type="submit" disabled={chosen.size === 0}>
            Reserve tasks
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {jobs.map((jobId) => (
        <JobProgress key={jobId} projectId={project.id} jobId={jobId} />
      ))}
    </div>
  );
}

function CreateBatch({ projectId, onCreated }: { projectId: string; onCreated: () => void }) {
  const [name, setName] = useState('');
  const [priority, setPriority] = useState(0);
  const [error, setError] = useState<string>();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      await ProjectService.createBatch(projectId, name.trim(), priority);
      setName('');
      onCreated();
    } catch (err) {
      const problem = toProblem(err);
      setError(problem.fields.name ?? problem.fields.priority ?? problem.message);
    }
  }

  return (
    <form className="inline-form" onSubmit={submit} aria-labelledby="new-batch-title">
      <h2 id="new-batch-title">New batch</h2>
      <label htmlFor="batch-name">Name</label>
      <input id="batch-name" value={name} required maxLength={200} onChange={(e) => setName(e.target.value)} />
      <label htmlFor="batch-priority">Priority</label>
      <input
        id="batch-priority"
        type="number"
        min={-1000}
        max={1000}
        value={priority}
        onChange={(e) => setPriority(Number(e.target.value))}
      />
      <button type="submit" disabled={!name.trim()}>
        Create batch
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}
