import { useEffect, useState } from 'react';
import type { ViewConfig } from '@vaadin/hilla-file-router/types.js';
import { SystemService } from 'Frontend/generated/endpoints';
import { LoadState } from 'Frontend/components/LoadState';
import { StatusBadge } from 'Frontend/components/StatusBadge';
import { toProblem } from 'Frontend/lib/errors';
import { useLoad } from 'Frontend/lib/useLoad';

export const config: ViewConfig = {
  title: 'System',
  loginRequired: true,
  rolesAllowed: ['SYSTEM_ADMIN'],
  menu: { exclude: true },
};

type Action = { kind: 'retry' | 'rebuild'; name: string };

const QUESTION: Record<Action['kind'], (name: string) => string> = {
  retry: (name) => `Retry every dead letter of ${name} now?`,
  rebuild: (name) =>
    `Rebuild ${name}? Its tables are emptied and refilled from the event store; its pages show partial data until it has caught up.`,
};

/**
 * The read models' processors (position against the head of the event store, lag, errors) and their dead letters:
 * events a projection could not apply, parked while the processor carries on. Refreshes every 5 seconds. Retrying and
 * rebuilding ask for a confirmation on the page itself.
 */
export default function SystemView() {
  const [load, reload] = useLoad(() => SystemService.overview(), []);
  const [pending, setPending] = useState<Action>();
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const timer = window.setInterval(reload, 5000);
    return () => window.clearInterval(timer);
  }, [reload]);

  async function confirm(action: Action) {
    setBusy(true);
    try {
      if (action.kind === 'retry') {
        const applied = await SystemService.retryDeadLetters(action.name);
        setMessage({ ok: true, text: `${action.name}: ${applied} dead-lettered sequence${applied === 1 ? '' : 's'} applied.` });
      } else {
        await SystemService.rebuild(action.name);
        setMessage({ ok: true, text: `${action.name} is being rebuilt from the event store.` });
      }
    } catch (e) {
      setMessage({ ok: false, text: toProblem(e).message });
    } finally {
      setBusy(false);
      setPending(undefined);
      reload();
    }
  }

  return (
    <section aria-labelledby="system-title">
      <h1 id="system-title">System</h1>
      <p>
        Each read model is kept current by a processor that reads the event store. An event a read model cannot apply is
        parked as a dead letter and retried on a schedule; the processor carries on with the events after it.
      </p>
      {message && (
        <p role="status" className={message.ok ? 'ok' : 'error'}>
          {message.text}
        </p>
      )}
      {pending && (
        <div role="alertdialog" aria-labelledby="confirm-question" className="error-box">
          <p id="confirm-question">{QUESTION[pending.kind](pending.name)}</p>
          <button type="button" disabled={busy} onClick={() => void confirm(pending)}>
            {pending.kind === 'retry' ? 'Retry now' : 'Rebuild now'}
          </button>{' '}
          <button type="button" className="secondary" disabled={busy} onClick={() => setPending(undefined)}>
            Cancel
          </button>
        </div>
      )}
      <LoadState load={load} retry={reload} what="the read models">
        {(overview) => (
          <>
            <h2>Read models</h2>
            <table className="data-table" aria-label="Read model processors">
              <thead>
                <tr>
                  <th scope="col">Processor</th>
                  <th scope="col">State</th>
                  <th scope="col">Position / head</th>
                  <th scope="col">Behind</th>
                  <th scope="col">Dead letters</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {overview.processors.map((p) => (
                  <tr key={p.name} data-testid={`processor-${p.name}`}>
                    <th scope="row">{p.name}</th>
                    <td>
                      <StatusBadge status={p.state} />
                      {p.error && <div className="error">{p.error}</div>}
                    </td>
                    <td>
                      {p.position} / {p.head}
                    </td>
                    <td>
                      {p.behind === 0
                        ? 'up to date'
                        : `${p.behind} event${p.behind === 1 ? '' : 's'}${p.behindSeconds == null ? '' : `, ${p.behindSeconds} s`}`}
                    </td>
                    <td>{p.deadLetters == null ? '—' : p.deadLetters}</td>
                    <td>
                      {p.deadLetters != null && p.deadLetters > 0 && (
                        <button type="button" className="secondary" onClick={() => setPending({ kind: 'retry', name: p.name })}>
                          Retry dead letters<span className="visually-hidden"> of {p.name}</span>
                        </button>
                      )}{' '}
                      {p.rebuildable && (
                        <button
                          type="button"
                          className="secondary danger"
                          onClick={() => setPending({ kind: 'rebuild', name: p.name })}
                        >
                          Rebuild<span className="visually-hidden"> {p.name}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h2>Dead letters</h2>
            {overview.deadLetters.length === 0 ? (
              <p>No dead letters: every read model has applied every event.</p>
            ) : (
              <table className="data-table" aria-label="Dead letters">
                <thead>
                  <tr>
                    <th scope="col">Read model</th>
                    <th scope="col">Event</th>
                    <th scope="col">Parked since</th>
                    <th scope="col">Retries</th>
                    <th scope="col">Cause</th>
                  </tr>
                </thead>
                <tbody>
                  {overview.deadLetters.map((l) => (
                    <tr key={`${l.group}-${l.eventId}`}>
                      <td>{l.group}</td>
                      <td>
                        {l.eventType}
                        {l.aggregateId && (
                          <div>
                            <code>
                              {l.aggregateId}#{l.seq}
                            </code>
                          </div>
                        )}
                      </td>
                      <td>{l.enqueuedAt ? new Date(l.enqueuedAt).toLocaleString() : ''}</td>
                      <td>{l.retries}</td>
                      <td>
                        <details>
                          <summary>{l.causeType?.split('.').pop() ?? 'unknown'}</summary>
                          <pre className="cause">{l.causeMessage}</pre>
                        </details>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </LoadState>
    </section>
  );
}
