/** The login form's request, as Hilla's login() makes it, and what the page says when sign-ins are throttled. */

export type SignInResult = { ok: true; url?: string } | { ok: false; throttled: boolean; retryAfterSeconds?: number };

/**
 * POST /login as Hilla's login() does (form fields, the page's CSRF token, `source: typescript` so the server answers
 * with headers instead of a redirect), plus the answer Hilla's helper hides: 429 with Retry-After when the server
 * throttles sign-ins after repeated failures.
 */
export async function postLogin(username: string, password: string): Promise<SignInResult> {
  const data = new FormData();
  data.append('username', username);
  data.append('password', password);
  const headers = new Headers({ source: 'typescript' });
  const csrfHeader = document.head.querySelector('meta[name="_csrf_header"]')?.getAttribute('content');
  const csrfToken = document.head.querySelector('meta[name="_csrf"]')?.getAttribute('content');
  if (csrfHeader && csrfToken) headers.set(csrfHeader, csrfToken);
  const response = await fetch('login', { method: 'POST', body: data, headers });
  if (response.status === 429) {
    const seconds = Number(response.headers.get('Retry-After'));
    return { ok: false, throttled: true, retryAfterSeconds: Number.isFinite(seconds) && seconds > 0 ? seconds : undefined };
  }
  if (response.ok && response.headers.get('Result') === 'success') {
    return { ok: true, url: response.headers.get('Saved-url') ?? response.headers.get('Default-url') ?? undefined };
  }
  return { ok: false, throttled: false };
}

/** "Too many failed attempts" with the wait in words a person reads. */
export function throttledMessage(seconds?: number): string {
  if (!seconds) return 'Too many failed sign-in attempts. Wait a moment and try again.';
  const minutes = Math.ceil(seconds / 60);
  const wait =
    seconds < 60 ? `${seconds} second${seconds === 1 ? '' : 's'}` : `${minutes} minute${minutes === 1 ? '' : 's'}`;
  return `Too many failed sign-in attempts. Try again in ${wait}.`;
}
