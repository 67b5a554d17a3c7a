import { type FormEvent, useEffect, useState } from 'react';
import type { ViewConfig } from '@vaadin/hilla-file-router/types.js';
import { SignInOptionsService } from 'Frontend/generated/endpoints';
import { postLogin, throttledMessage } from 'Frontend/lib/sign-in';
import type SignInOptions from 'Frontend/generated/io/annotrail/app/security/SignInOptionsService/SignInOptions';
import 'Frontend/styles/app.css';

export const config: ViewConfig = {
  title: 'Sign in',
  menu: { exclude: true },
  skipLayouts: true,
};

/**
 * Form login against the local accounts (POST /login with the page's CSRF token) and, when the server has an OIDC
 * provider configured, a link that starts the single sign-on (a full page navigation).
 */
export default function LoginView() {
  const query = new URLSearchParams(window.location.search);
  const signedOut = query.has('logout');
  // Only a full-page sign-in lands here with ?error: the OIDC one (the form reports its errors in place).
  const ssoFailed = query.has('error');
  const [options, setOptions] = useState<SignInOptions | undefined>();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    SignInOptionsService.options()
      .then(setOptions)
      .catch(() => setOptions(undefined)); // the local form works without it
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const result = await postLogin(username, password);
      if (!result.ok) {
        setError(result.throttled ? throttledMessage(result.retryAfterSeconds) : 'Wrong username or password.');
        return;
      }
      // A full page load: the session id and CSRF token changed with the login.
      window.location.assign(result.url ?? '.');
    } catch {
      setError('Could not reach the server. Try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login-page">
      <form className="login-form" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">Sign in to Annotrail</h1>
        {signedOut && !error && <p role="status">You have signed out.</p>}
        {ssoFailed && !error && (
          <p role="alert" className="error">
            Sign-in failed. Try again, or ask your administrator whether your account may sign in.
          </p>
        )}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {options?.oidcEnabled && options.oidcStartUrl && (
          <>
            <a className="sso-button" href={options.oidcStartUrl}>
              Sign in with {options.oidcLabel}
            </a>
            <p className="login-divider">or with a local account</p>
          </>
        )}
        <label htmlFor="username">Username</label>
        <input
          id="username"
          name="username"
          autoComplete="username"
          autoFocus
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
