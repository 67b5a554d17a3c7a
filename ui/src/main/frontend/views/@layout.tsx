import { Suspense, useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import type { ViewConfig } from '@vaadin/hilla-file-router/types.js';
import { logout } from '@vaadin/hilla-frontend';
import { useAuth } from 'Frontend/auth';
import 'Frontend/styles/app.css';

export const config: ViewConfig = {
  loginRequired: true,
};

/**
 * The app shell: a skip link, the header with the main navigation (administrators also see Users and System) and the signed-in
 * user, and the page. Focus moves to the page's heading after each navigation so keyboard and screen-reader users
 * land on the new content.
 */
export default function MainLayout() {
  const location = useLocation();
  const { state } = useAuth();
  const user = state.user;
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    const heading = main.current?.querySelector('h1');
    if (heading && document.activeElement === document.body) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: true });
    }
  }, [location.pathname]);

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
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <NavLink className="app-brand" to="/">
          Annotrail
        </NavLink>
        <nav className="app-nav" aria-label="Main">
          <NavLink to="/" end>
            Projects
          </NavLink>
          {user?.systemAdmin && <NavLink to="/admin/users">Users</NavLink>}
          {user?.systemAdmin && <NavLink to="/admin/system">System</NavLink>}
          <NavLink to="/account">Account</NavLink>
        </nav>
        <div className="app-user">
          {user && (
            <span>
              <span className="visually-hidden">Signed in as </span>
              {user.displayName}
            </span>
          )}
          <button type="button" className="secondary" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main className="app-main" id="main" ref={main}>
        <Suspense fallback={<p role="status">Loading…</p>}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
