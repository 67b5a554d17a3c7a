import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { ViewConfig } from '@vaadin/hilla-file-router/types.js';
import { TaskPageService } from 'Frontend/generated/endpoints';
import type TaskDetail from 'Frontend/generated/io/annotrail/app/task/TaskPageService/TaskDetail';
import ReviewDecision from 'Frontend/generated/io/annotrail/domain/common/ReviewDecision';
import { AnnotationCard } from 'Frontend/components/AnnotationCard';
import { LoadState } from 'Frontend/components/LoadState';
import { StatusBadge } from 'Frontend/components/StatusBadge';
import { TaskData } from 'Frontend/components/TaskData';
import { toProblem } from 'Frontend/lib/errors';
import { relativeTime } from 'Frontend/lib/format';
import { useProject } from 'Frontend/lib/project-context';
import { REVIEWING, can } from 'Frontend/lib/roles';
import { useLoad } from 'Frontend/lib/useLoad';

export const config: ViewConfig = {
  title: 'Review',
  loginRequired: true,
  menu: { exclude: true },
};

const PAGE_SIZE = 50;

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/**
 * The reviewers' queue: tasks with annotations waiting for review, longest-waiting first; the selected task with
 * all its annotations side by side. Keys: 1–9 pick an annotation, A accepts, R rejects (with the comment), J / K
 * move to the next / previous task.
 */
export default function ReviewView() {
  const { project } = useProject();
  const [queue, reloadQueue] = useLoad(() => TaskPageService.reviewQueue(project.id, 0, PAGE_SIZE), [project.id]);
  const [selectedTask, setSelectedTask] = useState<string>();
  // Kept here, not in the task pane: the pane is replaced when its task leaves the queue.
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string }>();
  const items = queue.data?.items ?? [];
  const current = selectedTask && items.some((i) => i.taskId === selectedTask) ? selectedTask : items[0]?.taskId;

  const move = useCallback(
    (delta: number) => {
      const index = items.findIndex((i) => i.taskId === current);
      const next = items[Math.min(items.length - 1, Math.max(0, index + delta))];
      if (next) setSelectedTask(next.taskId);
    },
    [items, current],
  );

  if (!can(REVIEWING, project.role)) {
    return <p className="error">Only reviewers, managers and administrators review annotations.</p>;
  }

  return (
    <section aria-labelledby="review-title" className="review">
      <div className="section-head">
        <h1 id="review-title">Review</h1>
        <span className="muted">{queue.data ? `${queue.data.total} tasks waiting` : ''}</span>
        <button type="button" className="secondary push-right" onClick={reloadQueue}>
          Refresh
        </button>
      </div>
      <p className="shortcuts">
        <span className="visually-hidden">Keyboard shortcuts: </span>
        <kbd>1</kbd>–<kbd>9</kbd> pick an annotation · <kbd>A</kbd> accept · <kbd>R</kbd> reject · <kbd>J</kbd>/<kbd>K</kbd> next / previous task
      </p>
      {message && (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'error' : 'ok'}>
          {message.text}
        </p>
      )}
      <LoadState load={queue} retry={reloadQueue} what="the review queue">
        {(page) =>
          page.items.length === 0 ? (
            <p className="empty">Nothing waiting for review. New submissions that need a review show up here.</p>
          ) : (
            <div className="review-layout">
              <nav aria-label="Tasks waiting for review" className="queue-list">
                <ol>
                  {page.items.map((item) => (
                    <li key={item.taskId}>
                      <button
                        type="button"
                        className={item.taskId === current ? 'queue-item selected' : 'queue-item'}
                        aria-current={item.taskId === current ? 'true' : undefined}
                        onClick={() => setSelectedTask(item.taskId)}
                      >
                        <span>{item.externalId}</span>
                        <span className="muted">
                          {item.annotations} ann. · {relativeTime(item.updatedAt)}
                        </span>
                      </button>
                    </li>
                  ))}
                </ol>
              </nav>
              {current && (
                <ReviewTask
                  key={current}
                  taskId={current}
                  onReviewed={(text) => {
                    // Stay on this task while it has annotations left to review, however the queue reorders.
                    setSelectedTask(current);
                    setMessage({ kind: 'ok', text });
                    reloadQueue();
                  }}
                  onError={(text) => setMessage({ kind: 'error', text })}
                  onMove={move}
                />
              )}
            </div>
          )
        }
      </LoadState>
    </section>
  );
}

function ReviewTask({
  taskId,
  onReviewed,
  onError,
  onMove,
}: {
  taskId: string;
  onReviewed: (message: string) => void;
  onError: (message: string) => void;
  onMove: (delta: number) => void;
}) {
  const [load, reload] = useLoad(() => TaskPageService.get(taskId), [taskId]);
  const [selected, setSelected] = useState(0);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const task: TaskDetail | undefined = load.data;
  const pending = task?.annotations.filter((a) => a.reviewStatus === 'PENDING') ?? [];
  const target = pending[Math.min(selected, pending.length - 1)];

  const decide = useCallback(
    async (decision: ReviewDecision) => {
      if (!target || busy) return;
      if (target.mine) {
        onError('You cannot review your own annotation.');
        return;
      }
      setBusy(true);
      try {
        await TaskPageService.review(target.annotationId, decision, comment.trim() || undefined);
        setComment('');
        setSelected(0);
        reload();
        onReviewed(`${decision === ReviewDecision.ACCEPT ? 'Accepted' : 'Rejected'} ${target.annotatorName}'s annotation.`);
      } catch (e) {
        onError(toProblem(e).message);
      } finally {
        setBusy(false);
      }
    },
    [target, busy, comment, reload, onReviewed, onError],
  );

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      // Not on auto-repeat: holding A must not accept the next annotation too.
      if (e.repeat || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      const key = e.key.toLowerCase();
      if (/^[1-9]$/.test(key) && Number(key) <= pending.length) {
        setSelected(Number(key) - 1);
      } else if (key === 'a') {
        void decide(ReviewDecision.ACCEPT);
      } else if (key === 'r') {
        void decide(ReviewDecision.REJECT);
      } else if (key === 'j') {
        onMove(1);
      } else if (key === 'k') {
        onMove(-1);
      } else {
        return;
      }
      e.preventDefault();
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [decide, onMove, pending.length]);

  return (
    <div className="review-task">
      <LoadState load={load} retry={reload} what="the task">
        {(t) => (
          <>
            <div className="section-head">
              <h2>
                <Link to={`/tasks/${t.taskId}`}>Task {t.externalId}</Link>
              </h2>
              <StatusBadge status={t.status} />
            </div>
            <div className="panel">
              <TaskData dataJson={t.dataJson} assets={t.assets} />
            </div>
            <div className="side-by-side">
              {t.annotations.map((a) => {
                const index = pending.indexOf(a);
                const isTarget = a === target;
                return (
                  <div key={a.annotationId} className={isTarget ? 'review-slot selected' : 'review-slot'}>
                    {index >= 0 && (
                      <button type="button" className="pick" aria-pressed={isTarget} onClick={() => setSelected(index)}>
                        <kbd>{index + 1}</kbd> {isTarget ? 'Selected' : 'Select'}
                        <span className="visually-hidden"> annotation by {a.annotatorName}</span>
                      </button>
                    )}
                    <AnnotationCard annotation={a} />
                  </div>
                );
              })}
            </div>
            {pending.length > 0 ? (
              <div className="review-actions">
                <label htmlFor="review-comment">Comment (shown to the annotator)</label>
                <textarea
                  id="review-comment"
                  rows={2}
                  maxLength={5000}
                  value={comment}
                  onChange={(e) => setComment(e.target.value)}
                />
                <div className="button-row">
                  <button type="button" disabled={busy || target?.mine} onClick={() => decide(ReviewDecision.ACCEPT)}>
                    Accept <kbd>A</kbd>
                  </button>
                  <button type="button" className="danger" disabled={busy || target?.mine} onClick={() => decide(ReviewDecision.REJECT)}>
                    Reject <kbd>R</kbd>
                  </button>
                  <button type="button" className="secondary" onClick={() => onMove(1)}>
                    Next task <kbd>J</kbd>
                  </button>
                </div>
                {target?.mine && <p className="muted">This one is yours: someone else has to review it.</p>}
              </div>
            ) : (
              <p className="empty">Every annotation of this task is reviewed.</p>
            )}
          </>
        )}
      </LoadState>
    </div>
  );
}
