import { type FormEvent, useState } from 'react';
import type { ViewConfig } from '@vaadin/hilla-file-router/types.js';
import { AccountService } from 'Frontend/generated/endpoints';
import { FormField } from 'Frontend/components/FormField';
import { LoadState } from 'Frontend/components/LoadState';
import { toProblem } from 'Frontend/lib/errors';
import { useLoad } from 'Frontend/lib/useLoad';

export const config: ViewConfig = {
  title: 'Users',
  loginRequired: true,
  rolesAllowed: ['SYSTEM_ADMIN'],
  menu: { exclude: true },
};

/** Local accounts (system administrators only; there is no open sign-up). */
export default function UsersView() {
  const [load, reload] = useLoad(() => AccountService.users(), []);
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<string>();
  const [listError, setListError] = useState<string>();
  const [changed, setChanged] = useState<string>();

  async function setDisabled(id: string, username: string, disable: boolean) {
    setListError(undefined);
    setChanged(undefined);
    try {
      await (disable ? AccountService.disableUser(id) : AccountService.enableUser(id));
      setChanged(disable ? `Disabled ${username}: their tokens and sessions have ended.` : `Enabled ${username}.`);
      reload();
    } catch (err) {
      const problem = toProblem(err);
      setListError(problem.code === 'LAST_ADMIN' ? 'The last system administrator cannot be disabled.' : problem.message);
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    setCreated(undefined);
    try {
      await AccountService.createUser(username.trim(), password, displayName.trim() || undefined);
      setCreated(username.trim());
      setUsername('');
      setDisplayName('');
      setPassword('');
      reload();
    } catch (err) {
      const problem = toProblem(err);
      setErrors({ ...problem.fields, form: problem.code === 'USERNAME_TAKEN' ? 'This username is taken.' : problem.message });
    }
  }

  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">Users</h1>
      <p className="muted">
        Accounts are never deleted: the event log names people by id forever. Disabling one ends its sessions and
        revokes its API tokens at once; enabling it lets the person sign in again.
      </p>
      {listError && (
        <p role="alert" className="error">
          {listError}
        </p>
      )}
      {changed && <p role="status" className="ok">{changed}</p>}
      <LoadState load={load} retry={reload} what="users">
        {(users) => (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Username</th>
                <th scope="col">Name</th>
                <th scope="col">Administrator</th>
                <th scope="col">Status</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <td>{u.username}</td>
                  <td>{u.displayName}</td>
                  <td>{u.systemAdmin ? 'yes' : ''}</td>
                  <td>{u.disabled ? <span className="badge badge-closed">disabled</span> : 'active'}</td>
                  <td>
                    <button
                      type="button"
                      className={u.disabled ? 'secondary' : 'secondary danger'}
                      onClick={() => void setDisabled(u.id, u.username, !u.disabled)}
                    >
                      {u.disabled ? 'Enable' : 'Disable'}
                      <span className="visually-hidden"> {u.username}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </LoadState>
      <form className="stack-form" onSubmit={submit} aria-labelledby="new-user-title">
        <h2 id="new-user-title">New local account</h2>
        {errors.form && (
          <p role="alert" className="error">
            {errors.form}
          </p>
        )}
        {created && <p role="status" className="ok">Created {created}. Add them to a workspace to give them work.</p>}
        <FormField
          id="user-username"
          label="Username"
          required
          maxLength={64}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          autoComplete="off"
          error={errors.username}
        />
        <FormField
          id="user-display"
          label="Display name"
          maxLength={200}
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          error={errors.displayName}
        />
        <FormField
          id="user-password"
          label="Initial password (at least 10 characters)"
          type="password"
          required
          minLength={10}
          maxLength={128}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="new-password"
          error={errors.password}
        />
        <button type="submit">Create account</button>
      </form>
    </section>
  );
}
