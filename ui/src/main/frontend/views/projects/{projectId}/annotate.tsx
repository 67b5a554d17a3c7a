import { type FormEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ViewConfig } from '@vaadin/hilla-file-router/types.js';
import { WorkbenchService } from 'Frontend/generated/endpoints';
import type ServerWorkItem from 'Frontend/generated/io/annotrail/app/task/WorkbenchService/WorkItem';
import { SchemaForm } from 'Frontend/components/schema-form/SchemaForm';
import { type FormValue, compileForm, initialValue } from 'Frontend/components/schema-form/model';
import { toResponse, validate } from 'Frontend/components/schema-form/validate';
import { TaskData } from 'Frontend/components/TaskData';
import { toLocalInstant } from 'Frontend/components/workbench/clock';
import { toWorkError } from 'Frontend/components/workbench/service-errors';
import { toProblem } from 'Frontend/lib/errors';
import type { WorkApi, WorkItem } from 'Frontend/components/workbench/session';
import { useWorkSession } from 'Frontend/components/workbench/useWorkSession';
import { countdown } from 'Frontend/lib/format';
import { useProject } from 'Frontend/lib/project-context';
import { ANNOTATING, can } from 'Frontend/lib/roles';

export const config: ViewConfig = {
  title: 'Annotate',
  loginRequired: true,
  menu: { exclude: true },
};

const SKIP_REASONS = ['The task is unclear', 'The data is broken or empty', 'Outside the guidelines', 'Other'];

/**
 * The session's view of the Hilla service: lease and validation outcomes become the session's errors, lease ends
 * are moved onto this browser's clock, and each submit says how long its task was on screen ({@code shownAt}: when
 * each lease's task was first shown; a prefetched task is claimed before that).
 */
function workApi(projectId: string, shownAt: Map<string, number>, onAlreadyStored: () => void): WorkApi {
  const fail = (e: unknown): never => {
    throw toWorkError(e);
  };
  const server = (item: WorkItem) => item.data as ServerWorkItem;
  return {
    claim: async () => {
      const item = await WorkbenchService.claim(projectId).catch(fail);
      if (!item) return null;
      // A task back for rework starts from the annotator's own rejected answer; otherwise from a model's suggestion.
      const start = item.rework?.previousResponseJson ?? item.suggestionJson;
      let suggestion: unknown;
      try {
        suggestion = start ? JSON.parse(start) : undefined;
      } catch {
        suggestion = undefined;
      }
      const expiresAt = toLocalInstant(item.expiresAt, item.serverNow);
      return { taskId: item.taskId, leaseId: item.leaseId, expiresAt, schemaVersion: item.schemaVersion, data: item, suggestion };
    },
    renew: async (item) => {
      const lease = await WorkbenchService.renew(server(item).leaseId).catch(fail);
      return toLocalInstant(lease.expiresAt, lease.serverNow);
    },
    release: (item) => WorkbenchService.release(server(item).leaseId).catch(fail),
    skip: (item, reason) => WorkbenchService.skip(item.taskId, item.leaseId, reason).catch(fail),
    submit: async (item, submissionId, response) => {
      const shown = shownAt.get(item.leaseId);
      try {
        return await WorkbenchService.submit(item.taskId, item.leaseId, submissionId, JSON.stringify(response),
          shown === undefined ? undefined : Math.max(0, Date.now() - shown));
      } catch (e) {
        // An earlier attempt of this very submission (its answer lost on the way back) was stored; the answer was
        // edited since. The stored one stands: say so and move on rather than refusing every retry.
        if (toProblem(e).code === 'SUBMISSION_CONFLICT') {
          onAlreadyStored();
          return '';
        }
        throw toWorkError(e);
      }
    },
  };
}

/**
 * The annotator's workbench: Start claims a task (and one more in the background, so Submit shows the next at
 * once); the form is generated from the project's schema; the lease is renewed while the page is visible; Ctrl+Enter
 * submits, number keys pick options; Skip and Release hand the task back. Stop releases everything held.
 */
export default function AnnotateView() {
  const { project } = useProject();
  const [running, setRunning] = useState(false);
  const shownAt = useRef(new Map<string, number>());
  const [notice, setNotice] = useState<string>();
  const api = useMemo(
    () =>
      running
        ? workApi(project.id, shownAt.current, () =>
            setNotice('Your first answer to the last task had already been stored; the later edit was not.'),
          )
        : null,
    [running, project.id],
  );
  const { session, snapshot, secondsLeft } = useWorkSession(api);
  const current = snapshot.current;
  const item = current ? (current.data as ServerWorkItem) : undefined;
  // The form of the schema version the lease pins (the project's current one before the first task).
  const schemaJson = item?.schemaJson ?? project.schemaJson;
  const model = useMemo(() => {
    try {
      return compileForm(JSON.parse(schemaJson));
    } catch {
      return undefined;
    }
  }, [schemaJson]);
  // The answer belongs to one lease: when the next task shows, its form starts fresh (pre-filled by a suggestion
  // when there is one) in the same render, so a quick second Ctrl+Enter can never send the previous answer.
  const [answer, setAnswer] = useState<{ leaseId?: string; value: FormValue; errors: Record<string, string> }>({
    value: {},
    errors: {},
  });
  const fresh = answer.leaseId !== current?.leaseId;
  const value = useMemo(
    () => (fresh ? (model && current ? initialValue(model, current.suggestion) : {}) : answer.value),
    [fresh, model, current, answer.value],
  );
  const clientErrors = fresh ? {} : answer.errors;
  const setValue = (next: FormValue) => setAnswer({ leaseId: current?.leaseId, value: next, errors: clientErrors });
  const [skipping, setSkipping] = useState(false);
  useEffect(() => {
    setSkipping(false);
    if (current && !shownAt.current.has(current.leaseId)) shownAt.current.set(current.leaseId, Date.now());
  }, [current?.leaseId]); // eslint-disable-line react-hooks/exhaustive-deps

  const submit = useCallback(async () => {
    if (!session || !model || snapshot.state !== 'working') return;
    const errors = validate(model, value);
    setAnswer({ leaseId: current?.leaseId, value, errors });
    if (Object.keys(errors).length > 0) return;
    await session.submit(toResponse(model, value));
  }, [session, model, value, snapshot.state, current?.leaseId]);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
        e.preventDefault();
        void submit();
      }
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [submit]);

  if (!can(ANNOTATING, project.role)) {
    return <p className="error">Your role in this workspace does not include annotating.</p>;
  }
  if (!model) {
    return <p role="alert" className="error">The project's schema cannot be shown as a form.</p>;
  }

  const errors = { ...clientErrors, ...snapshot.violationsByPath };
  const busy = snapshot.state === 'submitting' || snapshot.pending !== null;
  const lowLease = secondsLeft !== null && secondsLeft < 60;

  return (
    <section aria-labelledby="annotate-title" className="workbench">
      <div className="section-head">
        <h1 id="annotate-title">Annotate</h1>
        {running && current && (
          <span className={lowLease ? 'lease warning' : 'lease'} role="timer">
            <span className="visually-hidden">Time left on this task: </span>
            Lease {secondsLeft === null ? '–' : countdown(secondsLeft)}
            {!snapshot.active && ' (paused while the page is hidden)'}
          </span>
        )}
        {running && snapshot.prefetched && <span className="muted">Next task ready</span>}
        {running && (
          <button type="button" className="secondary push-right" onClick={() => setRunning(false)}>
            Stop (release my tasks)
          </button>
        )}
      </div>
      <p role="status" className="muted">
        {snapshot.submittedCount > 0 && `Submitted ${snapshot.submittedCount} ${snapshot.submittedCount === 1 ? 'task' : 'tasks'} this session.`}
        {/* Said once, when the lease gets short, not every second. */}
        {lowLease && ' Less than a minute left on this task; it is renewed while this page is open.'}
        {notice && ` ${notice}`}
      </p>

      {!running && (
        <div className="start-panel panel">
          {project.instructions && (
            <>
              <h2>Instructions</h2>
              <p className="instructions">{project.instructions}</p>
            </>
          )}
          <p>
            Keys: <kbd>1</kbd>–<kbd>9</kbd> pick an option · <kbd>Ctrl</kbd>+<kbd>Enter</kbd> submit · <kbd>Tab</kbd> next field
          </p>
          <button type="button" autoFocus onClick={() => setRunning(true)}>
            Start annotating
          </button>
        </div>
      )}

      {running && snapshot.state === 'loading' && !current && <p role="status">Getting a task…</p>}
      {running && snapshot.state === 'empty' && (
        <div className="panel">
          <p className="empty">Nothing to annotate right now. Every open task has enough annotators, or you have done them all.</p>
          <button type="button" onClick={() => void session?.start()}>
            Check again
          </button>
        </div>
      )}
      {running && snapshot.state === 'lease-lost' && (
        <div role="alert" className="error-box">
          <p>{snapshot.error ?? 'Your lease on this task ended; someone else may get it now. Your answer was not submitted.'}</p>
          <button type="button" onClick={() => void session?.start()}>
            Get the next task
          </button>
        </div>
      )}
      {running && snapshot.state === 'error' && (
        <div role="alert" className="error-box">
          <p>{snapshot.error}</p>
          <button type="button" onClick={() => void session?.start()}>
            Try again
          </button>
        </div>
      )}

      {running && current && item && (snapshot.state === 'working' || snapshot.state === 'submitting') && (
        <div className="workbench-layout">
          <section className="panel task-panel" aria-labelledby="task-heading">
            <h2 id="task-heading">
              Task <span data-testid="task-external-id">{item.externalId}</span>
            </h2>
            {item.schemaVersion !== project.schemaVersion && (
              <p className="muted">This task was claimed under schema version {item.schemaVersion}; its form follows that version.</p>
            )}
            {item.rework && (
              <div className="rework-note" role="note" aria-label="Returned for rework">
                <p>
                  <strong>Returned for rework</strong> by {item.rework.reviewerName}. Your earlier answer is filled in;
                  correct it and submit again.
                </p>
                {item.rework.comment && <p className="review-comment">“{item.rework.comment}”</p>}
              </div>
            )}
            <TaskData dataJson={item.dataJson} assets={item.assets} />
            {project.instructions && (
              <details className="instructions-panel">
                <summary>Instructions</summary>
                <p className="instructions">{project.instructions}</p>
              </details>
            )}
          </section>
          <section className="panel form-panel" aria-labelledby="form-heading">
            <h2 id="form-heading">Your answer</h2>
            {snapshot.error && snapshot.state === 'working' && (
              <p role="alert" className="error">
                {snapshot.error}
              </p>
            )}
            <form
              onSubmit={(e: FormEvent) => {
                e.preventDefault();
                void submit();
              }}
            >
              <SchemaForm key={current.leaseId} model={model} value={value} onChange={setValue} errors={errors} disabled={busy} idPrefix={`task-${current.taskId}`} />
              <div className="button-row">
                <button type="submit" disabled={busy}>
                  {snapshot.state === 'submitting' ? 'Submitting…' : 'Submit'} <kbd>Ctrl+Enter</kbd>
                </button>
                <button type="button" className="secondary" disabled={busy} onClick={() => setSkipping((s) => !s)} aria-expanded={skipping}>
                  Skip…
                </button>
                <button type="button" className="secondary" disabled={busy} onClick={() => void session?.release()}>
                  Release
                </button>
              </div>
            </form>
            {skipping && <SkipForm onSkip={(reason) => session?.skip(reason)} onCancel={() => setSkipping(false)} />}
          </section>
        </div>
      )}
    </section>
  );
}

function SkipForm({ onSkip, onCancel }: { onSkip: (reason: string) => Promise<boolean> | undefined; onCancel: () => void }) {
  const [reason, setReason] = useState(SKIP_REASONS[0]);
  const [other, setOther] = useState('');
  const text = reason === 'Other' ? other.trim() : reason;
  return (
    <form
      className="skip-form"
      data-sf-no-shortcuts
      aria-label="Skip this task"
      onSubmit={(e) => {
        e.preventDefault();
        if (text) void onSkip(text);
      }}
    >
      <label htmlFor="skip-reason">Why skip it? It will not come back to you.</label>
      <select id="skip-reason" value={reason} onChange={(e) => setReason(e.target.value)} autoFocus>
        {SKIP_REASONS.map((r) => (
          <option key={r}>{r}</option>
        ))}
      </select>
      {reason === 'Other' && (
        <input aria-label="Other reason" maxLength={1000} value={other} onChange={(e) => setOther(e.target.value)} required />
      )}
      <button type="submit" disabled={!text}>
        Skip task
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
