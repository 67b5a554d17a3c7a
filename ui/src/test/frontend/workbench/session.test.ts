import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  LeaseLostError,
  ValidationError,
  type WorkApi,
  type WorkItem,
  WorkSession,
} from 'Frontend/components/workbench/session';

const LEASE_MS = 300_000;

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * An in-memory server: a queue of task numbers, leases of five minutes from the (fake) clock, and a record of every
 * call. Individual methods are replaced in tests that need failures or slow answers.
 */
class FakeApi implements WorkApi {
  queue: number[];
  lost = new Set<string>();
  renewed: string[] = [];
  released: string[] = [];
  skipped: [string, string][] = [];
  submitted: { taskId: string; submissionId: string; response: unknown }[] = [];

  constructor(tasks: number) {
    this.queue = Array.from({ length: tasks }, (_, i) => i + 1);
  }

  claim = vi.fn(async (): Promise<WorkItem | null> => {
    const next = this.queue.shift();
    if (next === undefined) return null;
    return {
      taskId: `task-${next}`,
      leaseId: `lease-${next}`,
      expiresAt: new Date(Date.now() + LEASE_MS).toISOString(),
      data: { text: `Text number ${next}` },
      schemaVersion: 1,
    };
  });

  renew = vi.fn(async (item: WorkItem): Promise<string> => {
    if (this.lost.has(item.leaseId)) throw new LeaseLostError();
    this.renewed.push(item.taskId);
    return new Date(Date.now() + LEASE_MS).toISOString();
  });

  release = vi.fn(async (item: WorkItem): Promise<void> => {
    this.released.push(item.taskId);
  });

  skip = vi.fn(async (item: WorkItem, reason: string): Promise<void> => {
    this.skipped.push([item.taskId, reason]);
  });

  submit = vi.fn(async (item: WorkItem, submissionId: string, response: unknown): Promise<string> => {
    if (this.lost.has(item.leaseId)) throw new LeaseLostError();
    this.submitted.push({ taskId: item.taskId, submissionId, response });
    return `annotation-for-${item.taskId}`;
  });
}

/** Lets every pending promise callback run without moving the clock. */
const settle = () => vi.advanceTimersByTimeAsync(0);

let ids = 0;
function session(api: WorkApi) {
  return new WorkSession(api, { randomUUID: () => `submission-${++ids}` });
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-03-01T09:00:00Z') });
  ids = 0;
});

afterEach(() => {
  vi.useRealTimers();
});

describe('WorkSession', () => {
  it('claims a task to show and prefetches exactly one more', async () => {
    const api = new FakeApi(5);
    const work = session(api);
    expect(work.state).toBe('idle');
    await work.start();
    await settle();
    expect(work.state).toBe('working');
    expect(work.current?.taskId).toBe('task-1');
    expect(work.prefetched?.taskId).toBe('task-2');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(api.claim).toHaveBeenCalledTimes(2);
  });

  it('shows the prefetched task as soon as a submit succeeds, without waiting for the next claim', async () => {
    const api = new FakeApi(5);
    const work = session(api);
    await work.start();
    await settle();
    const slowClaim = deferred<WorkItem | null>();
    api.claim.mockImplementationOnce(() => slowClaim.promise);

    const annotationId = await work.submit({ sentiment: 'positive' });

    expect(annotationId).toBe('annotation-for-task-1');
    expect(work.state).toBe('working');
    expect(work.current?.taskId).toBe('task-2');
    expect(work.prefetched).toBeNull();
    expect(api.claim).toHaveBeenCalledTimes(3);
    expect(api.submitted).toEqual([{ taskId: 'task-1', submissionId: 'submission-1', response: { sentiment: 'positive' } }]);
    expect(work.snapshot()).toMatchObject({ submittedCount: 1, lastAnnotationId: 'annotation-for-task-1' });

    slowClaim.resolve({
      taskId: 'task-9',
      leaseId: 'lease-9',
      expiresAt: new Date(Date.now() + LEASE_MS).toISOString(),
      data: null,
      schemaVersion: 1,
    });
    await settle();
    expect(work.prefetched?.taskId).toBe('task-9');
  });

  it('waits for a prefetch still on its way instead of claiming twice', async () => {
    const api = new FakeApi(5);
    const work = session(api);
    const slowClaim = deferred<WorkItem | null>();
    api.claim.mockImplementationOnce(api.claim.getMockImplementation()!).mockImplementationOnce(() => slowClaim.promise);
    await work.start();

    await work.submit({});
    expect(work.state).toBe('loading');
    expect(api.claim).toHaveBeenCalledTimes(2);

    slowClaim.resolve({
      taskId: 'task-slow',
      leaseId: 'lease-slow',
      expiresAt: new Date(Date.now() + LEASE_MS).toISOString(),
      data: null,
      schemaVersion: 1,
    });
    await settle();
    expect(work.state).toBe('working');
    expect(work.current?.taskId).toBe('task-slow');
    expect(work.prefetched?.taskId).toBe('task-2');
    expect(api.claim).toHaveBeenCalledTimes(3);
  });

  it('reuses one submission id for every retry of a task and takes a new one for the next task', async () => {
    const api = new FakeApi(5);
    const work = session(api);
    await work.start();
    await settle();
    api.submit.mockRejectedValueOnce(new Error('Network down'));

    expect(await work.submit({ a: 1 })).toBeNull();
    expect(work.state).toBe('working');
    expect(work.current?.taskId).toBe('task-1');
    expect(work.snapshot().error).toContain('Network down');

    expect(await work.submit({ a: 1 })).toBe('annotation-for-task-1');
    await work.submit({ a: 2 });

    const ids = api.submit.mock.calls.map(([item, submissionId]) => [item.taskId, submissionId]);
    expect(ids).toEqual([
      ['task-1', 'submission-1'],
      ['task-1', 'submission-1'],
      ['task-2', 'submission-2'],
    ]);
  });

  it('renews each held lease when a third of it is left, and keeps doing so', async () => {
    const api = new FakeApi(5);
    const work = session(api);
    await work.start();
    await settle();

    await vi.advanceTimersByTimeAsync(199_000);
    expect(api.renew).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(api.renewed.sort()).toEqual(['task-1', 'task-2']);
    expect(work.current?.expiresAt).toBe(new Date(Date.now() + LEASE_MS).toISOString());

    await vi.advanceTimersByTimeAsync(199_000);
    expect(api.renew).toHaveBeenCalledTimes(2);
    expect(work.secondsLeft()).toBe(101);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(api.renew).toHaveBeenCalledTimes(4);
    expect(work.state).toBe('working');
    expect(work.secondsLeft()).toBe(300);
  });

  it('counts down the seconds left on the current lease', async () => {
    const api = new FakeApi(1);
    const work = session(api);
    await work.start();
    expect(work.secondsLeft()).toBe(300);
    await vi.advanceTimersByTimeAsync(10_500);
    expect(work.secondsLeft()).toBe(290);
  });

  it('does not renew while the page is hidden and renews at once when it is visible again in time', async () => {
    const api = new FakeApi(5);
    const work = session(api);
    await work.start();
    await settle();

    work.setActive(false);
    await vi.advanceTimersByTimeAsync(250_000);
    expect(api.renew).not.toHaveBeenCalled();

    work.setActive(true);
    await settle();
    expect(api.renewed.sort()).toEqual(['task-1', 'task-2']);
    expect(work.state).toBe('working');
  });

  it('does not re-arm a renewal that was in flight when the page was hidden', async () => {
    const api = new FakeApi(1);
    const work = session(api);
    await work.start();
    const slowRenew = deferred<string>();
    api.renew.mockImplementationOnce(() => slowRenew.promise);

    await vi.advanceTimersByTimeAsync(200_000);
    expect(api.renew).toHaveBeenCalledTimes(1);
    work.setActive(false);
    slowRenew.resolve(new Date(Date.now() + LEASE_MS).toISOString());
    await settle();

    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(LEASE_MS * 2);
    expect(api.renew).toHaveBeenCalledTimes(1);
  });

  it('after the page was hidden past expiry, loses the current task and replaces the prefetched one', async () => {
    const api = new FakeApi(5);
    const work = session(api);
    await work.start();
    await settle();

    work.setActive(false);
    await vi.advanceTimersByTimeAsync(LEASE_MS + 1_000);
    work.setActive(true);
    await settle();

    expect(api.renew).not.toHaveBeenCalled();
    expect(work.state).toBe('lease-lost');
    expect(work.snapshot().error).toMatch(/not saved/);
    expect(work.prefetched?.taskId).toBe('task-3');

    await work.start();
    await settle();
    expect(work.state).toBe('working');
    expect(work.current?.taskId).toBe('task-3');
    expect(work.prefetched?.taskId).toBe('task-4');
    expect(api.released).toEqual([]);
  });

  it('goes to lease-lost when renewing the current lease finds it gone', async () => {
    const api = new FakeApi(5);
    const work = session(api);
    await work.start();
    await settle();
    api.lost.add('lease-1');

    await vi.advanceTimersByTimeAsync(200_000);

    expect(work.state).toBe('lease-lost');
    expect(work.current?.taskId).toBe('task-1');
    expect(await work.submit({})).toBeNull();
    expect(api.submit).not.toHaveBeenCalled();
  });

  it('drops a prefetched task whose lease is gone and prefetches another', async () => {
    const api = new FakeApi(5);
    const work = session(api);
    await work.start();
    await settle();
    api.lost.add('lease-2');

    await vi.advanceTimersByTimeAsync(200_000);

    expect(work.state).toBe('working');
    expect(work.current?.taskId).toBe('task-1');
    expect(work.prefetched?.taskId).toBe('task-3');
  });

  it('retries a renewal that failed for another reason', async () => {
    const api = new FakeApi(1);
    const work = session(api);
    await work.start();
    api.renew.mockRejectedValueOnce(new Error('Gateway timeout'));

    await vi.advanceTimersByTimeAsync(200_000);
    expect(api.renew).toHaveBeenCalledTimes(1);
    expect(work.state).toBe('working');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(api.renew).toHaveBeenCalledTimes(2);
    expect(api.renewed).toEqual(['task-1']);
  });

  it('is empty when there is nothing to do, and looks again on start', async () => {
    const api = new FakeApi(0);
    const work = session(api);
    await work.start();
    expect(work.state).toBe('empty');
    expect(work.current).toBeNull();

    api.queue.push(7);
    await work.start();
    expect(work.state).toBe('working');
    expect(work.current?.taskId).toBe('task-7');
  });

  it('becomes empty after the last task is submitted', async () => {
    const api = new FakeApi(1);
    const work = session(api);
    await work.start();
    await settle();
    expect(work.prefetched).toBeNull();
    await work.submit({});
    await settle();
    expect(work.state).toBe('empty');
  });

  it('keeps the task and exposes the violations when the server rejects the response', async () => {
    const api = new FakeApi(5);
    const work = session(api);
    await work.start();
    await settle();
    api.submit.mockRejectedValueOnce(
      new ValidationError([
        { path: '/sentiment', message: 'must be one of the listed values' },
        { path: '', message: 'required property confidence not found' },
      ]),
    );

    expect(await work.submit({ sentiment: 'angry' })).toBeNull();

    expect(work.state).toBe('working');
    expect(work.current?.taskId).toBe('task-1');
    expect(work.prefetched?.taskId).toBe('task-2');
    const snapshot = work.snapshot();
    expect(snapshot.violations).toHaveLength(2);
    expect(snapshot.violationsByPath).toEqual({
      '/sentiment': 'must be one of the listed values',
      '': 'required property confidence not found',
    });

    await work.submit({ sentiment: 'negative' });
    expect(work.current?.taskId).toBe('task-2');
    expect(work.snapshot().violations).toEqual([]);
  });

  it('goes to lease-lost when the submit finds the lease gone, then moves on to the prefetched task', async () => {
    const api = new FakeApi(5);
    const work = session(api);
    await work.start();
    await settle();
    api.lost.add('lease-1');

    expect(await work.submit({})).toBeNull();
    expect(work.state).toBe('lease-lost');

    await work.start();
    expect(work.current?.taskId).toBe('task-2');
    expect(work.state).toBe('working');
  });

  it('skips with a reason and releases, each moving on to the next task', async () => {
    const api = new FakeApi(5);
    const work = session(api);
    await work.start();
    await settle();

    expect(await work.skip('Text is not in English')).toBe(true);
    expect(api.skipped).toEqual([['task-1', 'Text is not in English']]);
    expect(work.current?.taskId).toBe('task-2');

    await settle();
    await work.release();
    expect(api.released).toEqual(['task-2']);
    expect(work.current?.taskId).toBe('task-3');
  });

  it('keeps the task when a skip fails for a reason other than a lost lease', async () => {
    const api = new FakeApi(5);
    const work = session(api);
    await work.start();
    await settle();
    api.skip.mockRejectedValueOnce(new Error('Service unavailable'));

    expect(await work.skip('unclear')).toBe(false);
    expect(work.state).toBe('working');
    expect(work.current?.taskId).toBe('task-1');
    expect(work.snapshot().error).toContain('Service unavailable');
  });

  it('reports a failed claim as an error and retries on start', async () => {
    const api = new FakeApi(3);
    const work = session(api);
    api.claim.mockRejectedValueOnce(new Error('Server restarting'));
    await work.start();
    expect(work.state).toBe('error');
    expect(work.snapshot().error).toContain('Server restarting');

    await work.start();
    expect(work.state).toBe('working');
    expect(work.current?.taskId).toBe('task-1');
  });

  it('releases both leases on stop and renews nothing afterwards', async () => {
    const api = new FakeApi(5);
    const work = session(api);
    await work.start();
    await settle();

    await work.stop();

    expect(api.released.sort()).toEqual(['task-1', 'task-2']);
    expect(work.state).toBe('idle');
    expect(work.current).toBeNull();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(LEASE_MS);
    expect(api.renew).not.toHaveBeenCalled();
  });

  it('releases a task whose prefetch answer arrives after stop', async () => {
    const api = new FakeApi(5);
    const work = session(api);
    const slowClaim = deferred<WorkItem | null>();
    await work.start();
    api.claim.mockImplementationOnce(() => slowClaim.promise);
    await work.submit({});
    await work.stop();
    slowClaim.resolve({
      taskId: 'task-late',
      leaseId: 'lease-late',
      expiresAt: new Date(Date.now() + LEASE_MS).toISOString(),
      data: null,
      schemaVersion: 1,
    });
    await settle();
    expect(api.released).toContain('task-late');
    expect(work.prefetched).toBeNull();
  });

  it('tells subscribers about changes until they unsubscribe', async () => {
    const api = new FakeApi(5);
    const work = session(api);
    const listener = vi.fn();
    const unsubscribe = work.subscribe(listener);
    await work.start();
    await settle();
    const calls = listener.mock.calls.length;
    expect(calls).toBeGreaterThanOrEqual(3);
    const before = work.snapshot();
    expect(work.snapshot()).toBe(before);

    unsubscribe();
    await work.submit({});
    await settle();
    expect(listener).toHaveBeenCalledTimes(calls);
    expect(work.snapshot()).not.toBe(before);
  });
});
