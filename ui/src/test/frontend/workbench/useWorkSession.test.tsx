import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WorkApi, WorkItem } from 'Frontend/components/workbench/session';
import { useWorkSession } from 'Frontend/components/workbench/useWorkSession';

function fakeApi(): WorkApi & { released: string[] } {
  let next = 0;
  const released: string[] = [];
  return {
    released,
    claim: vi.fn(async (): Promise<WorkItem> => {
      next++;
      return {
        taskId: `task-${next}`,
        leaseId: `lease-${next}`,
        expiresAt: new Date(Date.now() + 300_000).toISOString(),
        data: { n: next },
        schemaVersion: 1,
      };
    }),
    renew: vi.fn(async () => new Date(Date.now() + 300_000).toISOString()),
    release: vi.fn(async (item: WorkItem) => {
      released.push(item.taskId);
    }),
    skip: vi.fn(async () => {}),
    submit: vi.fn(async (item: WorkItem) => `annotation-${item.taskId}`),
  };
}

function setVisibility(state: DocumentVisibilityState) {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}

afterEach(() => {
  setVisibility('visible');
});

describe('useWorkSession', () => {
  it('starts a session, re-renders on its changes and follows page visibility', async () => {
    const api = fakeApi();
    const { result } = renderHook(() => useWorkSession(api));

    await waitFor(() => expect(result.current.snapshot.state).toBe('working'));
    expect(result.current.snapshot.current?.taskId).toBe('task-1');
    await waitFor(() => expect(result.current.snapshot.prefetched?.taskId).toBe('task-2'));
    expect(result.current.secondsLeft).toBeGreaterThan(295);

    act(() => setVisibility('hidden'));
    expect(result.current.snapshot.active).toBe(false);
    act(() => setVisibility('visible'));
    expect(result.current.snapshot.active).toBe(true);

    await act(async () => {
      await result.current.session!.submit({ ok: true });
    });
    expect(result.current.snapshot.current?.taskId).toBe('task-2');
  });

  it('stops the session on unmount, releasing its leases', async () => {
    const api = fakeApi();
    const { result, unmount } = renderHook(() => useWorkSession(api));
    await waitFor(() => expect(result.current.snapshot.prefetched).not.toBeNull());

    unmount();

    await waitFor(() => expect(api.released.sort()).toEqual(['task-1', 'task-2']));
  });

  it('runs no session without an api', () => {
    const { result } = renderHook(() => useWorkSession(null));
    expect(result.current.session).toBeNull();
    expect(result.current.snapshot.state).toBe('idle');
  });
});
