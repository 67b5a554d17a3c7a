import { afterEach, describe, expect, it, vi } from 'vitest';
import { postLogin, throttledMessage } from 'Frontend/lib/sign-in';

function answer(status: number, headers: Record<string, string>) {
  return vi.fn(async () => new Response(status === 204 ? null : '', { status, headers }));
}

afterEach(() => {
  vi.unstubAllGlobals();
  document.head.innerHTML = '';
});

describe('postLogin', () => {
  it('sends the form with the page CSRF token and follows the saved URL on success', async () => {
    document.head.innerHTML = '<meta name="_csrf" content="tok"><meta name="_csrf_header" content="X-CSRF-TOKEN">';
    const fetch = answer(200, { Result: 'success', 'Saved-url': '/projects' });
    vi.stubGlobal('fetch', fetch);

    expect(await postLogin('ada', 'secret')).toEqual({ ok: true, url: '/projects' });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('login');
    expect(new Headers(init.headers).get('X-CSRF-TOKEN')).toBe('tok');
    expect((init.body as FormData).get('username')).toBe('ada');
  });

  it('reports a throttled sign-in with the wait the server asks for', async () => {
    vi.stubGlobal('fetch', answer(429, { 'Retry-After': '4' }));
    expect(await postLogin('ada', 'secret')).toEqual({ ok: false, throttled: true, retryAfterSeconds: 4 });
  });

  it('reports a wrong password as a plain failure', async () => {
    vi.stubGlobal('fetch', answer(200, {}));
    expect(await postLogin('ada', 'wrong')).toEqual({ ok: false, throttled: false });
  });
});

describe('throttledMessage', () => {
  it('says how long to wait in seconds or minutes', () => {
    expect(throttledMessage(1)).toBe('Too many failed sign-in attempts. Try again in 1 second.');
    expect(throttledMessage(4)).toBe('Too many failed sign-in attempts. Try again in 4 seconds.');
    expect(throttledMessage(60)).toBe('Too many failed sign-in attempts. Try again in 1 minute.');
    expect(throttledMessage(300)).toBe('Too many failed sign-in attempts. Try again in 5 minutes.');
    expect(throttledMessage(undefined)).toBe('Too many failed sign-in attempts. Wait a moment and try again.');
  });
});
