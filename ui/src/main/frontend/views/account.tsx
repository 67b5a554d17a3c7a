import { type FormEvent, useState } from 'react';
import type { ViewConfig } from '@vaadin/hilla-file-router/types.js';
import { AccountService } from 'Frontend/generated/endpoints';
import { FormField } from 'Frontend/components/FormField';
import { useAuth } from 'Frontend/auth';
import { toProblem } from 'Frontend/lib/errors';

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
      await AccountService.changePassword(current, next);
      setDone(true);
      setCurrent('');
      setNext('');
      setRepeat('');
    } catch (err) {
      const problem = toProblem(err);
      setErrors({
        ...problem.fields,
        form: problem.code === 'FORBIDDEN' ? 'The current password is wrong.' : problem.message,
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
        {done && <p role="status" className="ok">Your password was changed.</p>}
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
          label="New password (at least 12 characters)"
          type="password"
          autoComplete="new-password"
          required
          minLength={12}
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
        <button type="submit">Change password</button>
      </form>
    </section>
  );
}
