import { Suspense } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { createMenuItems } from '@vaadin/hilla-file-router/runtime.js';
import type { ViewConfig } from '@vaadin/hilla-file-router/types.js';
import { logout } from '@vaadin/hilla-frontend';
import { useAuth } from 'Frontend/auth';
import 'Frontend/styles/app.css';

export const config: ViewConfig = {
  loginRequired: true,
};

/** The app shell: header with the signed-in user and sign-out, navigation built from the views' configs. */
export default function MainLayout() {
  const location = useLocation();
  const { state } = useAuth();
  const user = state.user;

  async function signOut() {
    try {
      await logout();
    } finally {
      // A full page load: the next page gets a fresh session and CSRF token.
      window.location.assign('login?logout');
    }
  }

  return (
    <div className="app-shell">
      <header className="app-header">
        <a className="app-brand" href=".">
          Annotrail
        </a>
        <nav className="app-nav" aria-label="Main">
          {createMenuItems().map(({ to, title }) => (
            <NavLink key={to} to={to} className={() => (location.pathname === to ? 'active' : '')}>
              {title}
            </NavLink>
          ))}
        </nav>
        <div className="app-user">
          {user && <span aria-label="Signed in as">{user.displayName}</span>}
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main className="app-main">
        <Suspense fallback={<p role="status">Loading…</p>}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
