import { type FormEvent, useState } from 'react';
import type { ViewConfig } from '@vaadin/hilla-file-router/types.js';
import { AccountService } from 'Frontend/generated/endpoints';
import { FormField } from 'Frontend/components/FormField';
import { useAuth } from 'Frontend/auth';
import type NewToken from 'Frontend/generated/io/annotrail/app/identity/AccountService/NewToken';
import { LoadState } from 'Frontend/components/LoadState';
import { toProblem } from 'Frontend/lib/errors';
import { dateTime, relativeTime } from 'Frontend/lib/format';
import { useLoad } from 'Frontend/lib/useLoad';

export const config: ViewConfig = {
  title: 'Account',
  loginRequired: true,
  menu: { exclude: true },
};

/** The signed-in user's account: who they are, and a password change for local accounts. */
export default function AccountView() {
  const { state } = useAuth();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [revokeTokens, setRevokeTokens] = useState(true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(false);
    if (next !== repeat) {
      setErrors({ repeat: 'The two new passwords differ.' });
      return;
    }
    setErrors({});
    try {
      await AccountService.changePassword(current, next, revokeTokens);
      setDone(true);
      setCurrent('');
      setNext('');
      setRepeat('');
    } catch (err) {
      const problem = toProblem(err);
      setErrors({
        ...problem.fields,
        form:
          problem.code === 'FORBIDDEN'
            ? 'The current password is wrong.'
            : problem.code === 'TOO_MANY_ATTEMPTS'
              ? `Too many wrong passwords. ${problem.message.replace(/^.*try again/, 'Try again')}.`
              : problem.message,
      });
    }
  }

  const user = state.user;
  return (
    <section aria-labelledby="account-title">
      <h1 id="account-title">Account</h1>
      {user && (
        <dl className="facts">
          <dt>Name</dt>
          <dd>{user.displayName}</dd>
          <dt>Username</dt>
          <dd>{user.username}</dd>
          {user.systemAdmin && (
            <>
              <dt>Platform role</dt>
              <dd>System administrator</dd>
            </>
          )}
        </dl>
      )}
      <form className="stack-form" onSubmit={submit} aria-labelledby="password-title">
        <h2 id="password-title">Change password</h2>
        {errors.form && (
          <p role="alert" className="error">
            {errors.form}
          </p>
        )}
        {done && (
          <p role="status" className="ok">
            Your password was changed. Your other browser sessions have ended
            {revokeTokens ? ' and your API tokens were revoked' : ''}.
          </p>
        )}
        <FormField
          id="current-password"
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          error={errors.currentPassword}
        />
        <FormField
          id="new-password"
          label="New password (at least 10 characters)"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          maxLength={128}
          value={next}
          onChange={(e) => setNext(e.target.value)}
          error={errors.newPassword}
        />
        <FormField
          id="repeat-password"
          label="New password again"
          type="password"
          autoComplete="new-password"
          required
          value={repeat}
          onChange={(e) => setRepeat(e.target.value)}
          error={errors.repeat}
        />
        <label className="checkbox">
          <input type="checkbox" checked={revokeTokens} onChange={(e) => setRevokeTokens(e.target.checked)} />
          Also revoke my API tokens (scripts using them will need new ones)
        </label>
        <button type="submit">Change password</button>
      </form>
      <Tokens />
    </section>
  );
}

const LIFETIMES = [
  { days: 7, label: '7 days' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 365, label: 'One year' },
];

/** Personal access tokens for scripts and the REST API: list, create (the secret is shown once), revoke. */
function Tokens() {
  const [load, reload] = useLoad(() => AccountService.tokens(), []);
  const [name, setName] = useState('');
  const [days, setDays] = useState(30);
  const [created, setCreated] = useState<NewToken>();
  const [error, setError] = useState<string>();

  async function create(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      setCreated(await AccountService.createToken(name.trim() || undefined, days));
      setName('');
      reload();
    } catch (err) {
      const problem = toProblem(err);
      setError(problem.fields.ttlSeconds ?? problem.fields.name ?? problem.message);
    }
  }

  async function revoke(id: string) {
    setError(undefined);
    try {
      await AccountService.revokeToken(id);
      if (created?.id === id) setCreated(undefined);
      reload();
    } catch (err) {
      setError(toProblem(err).message);
    }
  }

  return (
    <section aria-labelledby="tokens-title">
      <h2 id="tokens-title">API tokens</h2>
      <p className="muted">
        For scripts and the REST API (<code>Authorization: Bearer atr_…</code>). A token acts as you, with your roles.
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {created && (
        <div role="status" className="new-token">
          <label htmlFor="new-token-value">Your new token — copy it now, it is not shown again</label>
          <input id="new-token-value" readOnly value={created.token} onFocus={(e) => e.target.select()} />
          <button type="button" className="secondary" onClick={() => void navigator.clipboard?.writeText(created.token)}>
            Copy
          </button>
        </div>
      )}
      <LoadState load={load} retry={reload} what="your tokens">
        {(tokens) =>
          tokens.length === 0 ? (
            <p className="empty">No tokens yet.</p>
          ) : (
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Created</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((t) => (
                  <tr key={t.id}>
                    <td>{t.name ?? '—'}</td>
                    <td>{dateTime(t.createdAt)}</td>
                    <td>{dateTime(t.expiresAt)}</td>
                    <td>{t.lastUsedAt ? relativeTime(t.lastUsedAt) : 'never'}</td>
                    <td>
                      <button type="button" className="secondary danger" onClick={() => revoke(t.id)}>
                        Revoke<span className="visually-hidden"> {t.name ?? 'token'}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </LoadState>
      <form className="inline-form" onSubmit={create} aria-label="New API token">
        <label htmlFor="token-name">Name</label>
        <input id="token-name" maxLength={100} value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. nightly export" />
        <label htmlFor="token-days">Valid for</label>
        <select id="token-days" value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {LIFETIMES.map((l) => (
            <option key={l.days} value={l.days}>
              {l.label}
            </option>
          ))}
        </select>
        <button type="submit">Create token</button>
      </form>
    </section>
  );
}
