/*
 * The annotator's work session, free of React and of the network: it claims a task, keeps the leases it holds alive
 * while the page is visible, prefetches the next task so that a submit shows the next one at once, and submits with
 * one submission id per task so a retried submit is stored once. The API, the clock, the timers and the id source
 * are injected, so the whole life cycle runs under fake timers in tests.
 */

export interface WorkItem {
  taskId: string;
  leaseId: string;
  /** ISO-8601 instant the lease ends unless renewed. */
  expiresAt: string;
  data: unknown;
  schemaVersion: number;
  suggestion?: unknown;
}

export interface WorkApi {
  /** The next task under a new lease; null when there is nothing to do. */
  claim(): Promise<WorkItem | null>;
  /** The lease's new expiry (ISO); rejects with {@link LeaseLostError} when the lease is gone. */
  renew(item: WorkItem): Promise<string>;
  release(item: WorkItem): Promise<void>;
  skip(item: WorkItem, reason: string): Promise<void>;
  /**
   * The annotation id; rejects with {@link ValidationError}, {@link LeaseLostError} or any other error. A repeated
   * call with the same submission id and response answers the first annotation id and stores nothing new.
   */
  submit(item: WorkItem, submissionId: string, response: unknown): Promise<string>;
}

export interface Violation {
  path: string;
  message: string;
}

/** The lease expired, was released or was taken over: the task is no longer this user's to answer. */
export class LeaseLostError extends Error {
  constructor(message = 'The lease on this task has ended') {
    super(message);
    this.name = 'LeaseLostError';
  }
}

/** The server rejected the response; {@code violations} carry JSON pointers into it. */
export class ValidationError extends Error {
  readonly violations: Violation[];

  constructor(violations: Violation[], message = 'The response does not match the schema') {
    super(message);
    this.name = 'ValidationError';
    this.violations = violations;
  }
}

export type WorkState = 'idle' | 'loading' | 'working' | 'submitting' | 'empty' | 'lease-lost' | 'error';

/** What a 'submitting' session is doing. */
export type PendingAction = 'submit' | 'skip' | 'release';

export interface WorkSnapshot {
  state: WorkState;
  /** The task on screen; kept (read-only for the UI) in 'lease-lost' so the user sees what was lost. */
  current: WorkItem | null;
  prefetched: WorkItem | null;
  pending: PendingAction | null;
  /** A message for the user: a failed claim ('error'), a lost lease, a failed submit or skip (back in 'working'). */
  error: string | null;
  /** The server's objections to the last submitted response. */
  violations: readonly Violation[];
  /** The same, one message per path (several joined). */
  violationsByPath: Readonly<Record<string, string>>;
  /** Whether the page is visible; leases are renewed only then. */
  active: boolean;
  submittedCount: number;
  lastAnnotationId: string | null;
}

export interface WorkSessionOptions {
  now?: () => number;
  setTimeout?: (callback: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  randomUUID?: () => string;
  /** Renew a lease when this fraction of its length is left (default 1/3). */
  renewWhenLeft?: number;
  /** Delay before retrying a renewal that failed for a reason other than a lost lease (default 5 s). */
  renewRetryMs?: number;
  /** Keep one more task claimed in the background (default true). */
  prefetch?: boolean;
}

interface Held {
  item: WorkItem;
  expiresAtMs: number;
  /** Lease length as seen by this client: expiry minus the time the claim or renewal answer arrived. */
  leaseMs: number;
  lastRenewedAt: number | null;
  timer: unknown;
  renewing: boolean;
  /** One per task, created on the first submit and reused by every retry of it. */
  submissionId: string | null;
}

/** Renewals of one lease are at least this far apart, even when the clocks disagree about its expiry. */
const MIN_RENEW_INTERVAL_MS = 1000;

export const LEASE_LOST_MESSAGE =
  'Your hold on this task ended (it expired or was given to someone else). Your answer was not saved.';

function messageOf(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return typeof error === 'string' && error ? error : 'Something went wrong';
}

/** A v4 UUID; falls back to getRandomValues where randomUUID is missing (pages not served over HTTPS). */
export function newSubmissionId(): string {
  const source = globalThis.crypto;
  if (typeof source?.randomUUID === 'function') {
    return source.randomUUID();
  }
  const bytes = new Uint8Array(16);
  source.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function byPath(violations: readonly Violation[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const { path, message } of violations) {
    const key = typeof path === 'string' ? path : '';
    const earlier = Object.hasOwn(result, key) ? result[key] : undefined;
    const text = earlier === undefined ? message : earlier.includes(message) ? earlier : `${earlier}; ${message}`;
    Object.defineProperty(result, key, { value: text, enumerable: true, writable: true, configurable: true });
  }
  return result;
}

async function quietly(action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch {
    // Best effort: a lease that is not released expires on its own.
  }
}

export class WorkSession {
  private readonly api: WorkApi;
  private readonly now: () => number;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly cancelTimeout: (handle: unknown) => void;
  private readonly randomUUID: () => string;
  private readonly renewWhenLeft: number;
  private readonly renewRetryMs: number;
  private readonly prefetchEnabled: boolean;

  private stateValue: WorkState = 'idle';
  private currentHeld: Held | null = null;
  private prefetchedHeld: Held | null = null;
  private prefetchInFlight: Promise<void> | null = null;
  private pending: PendingAction | null = null;
  private error: string | null = null;
  private violations: Violation[] = [];
  private activeValue = true;
  private submittedCount = 0;
  private lastAnnotationId: string | null = null;
  /** Bumped by every advance and by stop: answers that arrive for an older generation are stale. */
  private generation = 0;
  /** Bumped by stop: a prefetch from before it releases what it claimed. */
  private epoch = 0;
  private readonly listeners = new Set<() => void>();
  private cached: WorkSnapshot | null = null;

  constructor(api: WorkApi, options: WorkSessionOptions = {}) {
    this.api = api;
    this.now = options.now ?? (() => Date.now());
    this.setTimer = options.setTimeout ?? ((callback, ms) => globalThis.setTimeout(callback, ms));
    this.cancelTimeout =
      options.clearTimeout ?? ((handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>));
    this.randomUUID = options.randomUUID ?? newSubmissionId;
    this.renewWhenLeft = options.renewWhenLeft ?? 1 / 3;
    this.renewRetryMs = options.renewRetryMs ?? 5000;
    this.prefetchEnabled = options.prefetch ?? true;
  }

  get state(): WorkState {
    return this.stateValue;
  }

  get current(): WorkItem | null {
    return this.currentHeld?.item ?? null;
  }

  get prefetched(): WorkItem | null {
    return this.prefetchedHeld?.item ?? null;
  }

  get active(): boolean {
    return this.activeValue;
  }

  /** An immutable view, the same object until something changes (fit for useSyncExternalStore). */
  snapshot(): WorkSnapshot {
    if (this.cached === null) {
      this.cached = Object.freeze({
        state: this.stateValue,
        current: this.current,
        prefetched: this.prefetched,
        pending: this.pending,
        error: this.error,
        violations: this.violations,
        violationsByPath: byPath(this.violations),
        active: this.activeValue,
        submittedCount: this.submittedCount,
        lastAnnotationId: this.lastAnnotationId,
      });
    }
    return this.cached;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Whole seconds until the current task's lease ends, for a countdown; null without a current task. */
  secondsLeft(): number | null {
    const held = this.currentHeld;
    if (!held || !Number.isFinite(held.expiresAtMs)) return null;
    return Math.max(0, Math.ceil((held.expiresAtMs - this.now()) / 1000));
  }

  /**
   * Shows a task: claims one (or takes the prefetched one) and prefetches the next. Also the way on after 'empty'
   * (look again), 'error' (retry) and 'lease-lost' (drop the lost task, go to the next). Does nothing while a task
   * is being worked on or loaded.
   */
  async start(): Promise<void> {
    if (this.stateValue === 'loading' || this.stateValue === 'working' || this.stateValue === 'submitting') {
      return;
    }
    await this.advance();
  }

  /**
   * Submits the response for the current task. On success the prefetched task becomes current at once and the
   * next prefetch starts in the background; answers the annotation id. On failure the task stays: with the
   * server's violations (ValidationError), with a message (other errors; a retry reuses the submission id), or in
   * 'lease-lost'. Answers null then, and also when there is nothing to submit.
   */
  async submit(response: unknown): Promise<string | null> {
    const held = this.currentHeld;
    if (!held || this.stateValue !== 'working') return null;
    held.submissionId ??= this.randomUUID();
    this.begin('submit');
    try {
      const annotationId = await this.api.submit(held.item, held.submissionId, response);
      if (held !== this.currentHeld) return annotationId;
      this.submittedCount++;
      this.lastAnnotationId = annotationId;
      void this.advance();
      return annotationId;
    } catch (error) {
      if (held !== this.currentHeld) return null;
      this.pending = null;
      if (error instanceof ValidationError) {
        this.violations = [...error.violations];
        this.stateValue = 'working';
      } else if (error instanceof LeaseLostError) {
        this.markLost(held);
        return null;
      } else {
        this.error = `The answer was not sent: ${messageOf(error)}`;
        this.stateValue = 'working';
      }
      this.emit();
      return null;
    }
  }

  /** Skips the current task with a reason and moves on; a lease that is already gone moves on as well. */
  async skip(reason: string): Promise<boolean> {
    const held = this.currentHeld;
    if (!held || this.stateValue !== 'working') return false;
    this.begin('skip');
    try {
      await this.api.skip(held.item, reason);
    } catch (error) {
      if (held !== this.currentHeld) return false;
      if (!(error instanceof LeaseLostError)) {
        this.pending = null;
        this.stateValue = 'working';
        this.error = `The task was not skipped: ${messageOf(error)}`;
        this.emit();
        return false;
      }
    }
    if (held === this.currentHeld) void this.advance();
    return true;
  }

  /** Gives the current task back to the queue and moves on; a failed release still moves on (the lease expires). */
  async release(): Promise<void> {
    const held = this.currentHeld;
    if (!held || this.stateValue !== 'working') return;
    this.begin('release');
    await quietly(() => this.api.release(held.item));
    if (held === this.currentHeld) void this.advance();
  }

  /**
   * Page visible or not. Hidden: no renewals, so a forgotten tab does not hoard tasks. Visible again: a lease that
   * expired meanwhile is lost (a prefetched one is dropped and fetched again), the others are renewed on time.
   */
  setActive(active: boolean): void {
    if (active === this.activeValue) return;
    this.activeValue = active;
    if (!active) {
      this.clearTimers();
      this.emit();
      return;
    }
    const prefetched = this.prefetchedHeld;
    if (prefetched) {
      if (this.expired(prefetched)) {
        this.prefetchedHeld = null;
      } else {
        this.schedule(prefetched);
      }
    }
    const current = this.currentHeld;
    if (current && this.stateValue !== 'lease-lost') {
      if (this.expired(current) && this.pending === null) {
        this.markLost(current);
      } else {
        this.schedule(current);
      }
    }
    // Also after losing the current task: the next one is then ready the moment the user moves on.
    if (this.stateValue === 'working' || this.stateValue === 'lease-lost') this.prefetch();
    this.emit();
  }

  /** Ends the session: stops the timers and releases the leases still held (best effort). */
  async stop(): Promise<void> {
    this.generation++;
    this.epoch++;
    this.clearTimers();
    const toRelease: Held[] = [];
    // A lease being submitted is consumed by the submit; a lost one cannot be released.
    if (this.currentHeld && this.stateValue !== 'lease-lost' && this.pending !== 'submit') {
      toRelease.push(this.currentHeld);
    }
    if (this.prefetchedHeld) toRelease.push(this.prefetchedHeld);
    this.currentHeld = null;
    this.prefetchedHeld = null;
    this.pending = null;
    this.error = null;
    this.violations = [];
    this.stateValue = 'idle';
    this.emit();
    await Promise.all(toRelease.map((held) => quietly(() => this.api.release(held.item))));
  }

  // ---- internals -----------------------------------------------------------------------------------------------

  private begin(action: PendingAction) {
    this.pending = action;
    this.stateValue = 'submitting';
    this.error = null;
    this.emit();
  }

  private emit() {
    this.cached = null;
    for (const listener of [...this.listeners]) {
      listener();
    }
  }

  private hold(item: WorkItem): Held {
    const received = this.now();
    const expiresAtMs = Date.parse(item.expiresAt);
    return {
      item,
      expiresAtMs,
      leaseMs: expiresAtMs - received,
      lastRenewedAt: null,
      timer: null,
      renewing: false,
      submissionId: null,
    };
  }

  private isHeld(held: Held): boolean {
    return held === this.currentHeld || held === this.prefetchedHeld;
  }

  private expired(held: Held): boolean {
    return Number.isFinite(held.expiresAtMs) && this.now() >= held.expiresAtMs;
  }

  private disarm(held: Held) {
    if (held.timer !== null) {
      this.cancelTimeout(held.timer);
      held.timer = null;
    }
  }

  private clearTimers() {
    if (this.currentHeld) this.disarm(this.currentHeld);
    if (this.prefetchedHeld) this.disarm(this.prefetchedHeld);
  }

  /** Arms the renewal of one lease: when the set fraction of it is left, or after {@code delay} when given. */
  private schedule(held: Held, delay?: number) {
    this.disarm(held);
    if (!this.activeValue || !this.isHeld(held) || !Number.isFinite(held.expiresAtMs)) return;
    const now = this.now();
    let wait = delay ?? held.expiresAtMs - held.leaseMs * this.renewWhenLeft - now;
    if (held.lastRenewedAt !== null) {
      wait = Math.max(wait, held.lastRenewedAt + MIN_RENEW_INTERVAL_MS - now);
    }
    held.timer = this.setTimer(
      () => {
        held.timer = null;
        void this.renew(held);
      },
      Math.max(0, wait),
    );
  }

  private async renew(held: Held) {
    if (!this.isHeld(held) || held.renewing || !this.activeValue) return;
    held.renewing = true;
    try {
      const expiresAt = await this.api.renew(held.item);
      if (!this.isHeld(held)) return;
      const received = this.now();
      held.item = { ...held.item, expiresAt };
      held.expiresAtMs = Date.parse(expiresAt);
      held.leaseMs = held.expiresAtMs - received;
      held.lastRenewedAt = received;
      this.schedule(held);
      this.emit();
    } catch (error) {
      if (!this.isHeld(held)) return;
      if (error instanceof LeaseLostError) {
        this.markLost(held);
      } else {
        held.lastRenewedAt = this.now();
        this.schedule(held, this.renewRetryMs);
      }
    } finally {
      held.renewing = false;
    }
  }

  /** A lost prefetched task is dropped (and another fetched); a lost current task waits for the user in 'lease-lost'. */
  private markLost(held: Held) {
    this.disarm(held);
    if (held === this.prefetchedHeld) {
      this.prefetchedHeld = null;
      if (this.stateValue === 'working' || this.stateValue === 'lease-lost') this.prefetch();
      this.emit();
      return;
    }
    if (held !== this.currentHeld || this.pending !== null) return;
    this.stateValue = 'lease-lost';
    this.error = LEASE_LOST_MESSAGE;
    this.emit();
  }

  /** Drops the current task and shows the next: the prefetched one at once, else a fresh claim. */
  private async advance(): Promise<void> {
    const generation = ++this.generation;
    if (this.currentHeld) this.disarm(this.currentHeld);
    this.currentHeld = null;
    this.pending = null;
    this.error = null;
    this.violations = [];
    if (this.prefetchedHeld && this.expired(this.prefetchedHeld)) {
      this.disarm(this.prefetchedHeld);
      this.prefetchedHeld = null;
    }
    if (!this.prefetchedHeld && this.prefetchInFlight) {
      // A claim is already on its way: wait for it rather than claiming twice.
      this.stateValue = 'loading';
      this.emit();
      await this.prefetchInFlight;
      if (generation !== this.generation) return;
    }
    const next = this.prefetchedHeld;
    if (next) {
      this.prefetchedHeld = null;
      this.currentHeld = next;
      this.stateValue = 'working';
      this.emit();
      this.prefetch();
      return;
    }
    this.stateValue = 'loading';
    this.emit();
    let claimed: Held | null;
    try {
      const item = await this.api.claim();
      claimed = item ? this.hold(item) : null;
    } catch (error) {
      if (generation !== this.generation) return;
      this.stateValue = 'error';
      this.error = `No task could be loaded: ${messageOf(error)}`;
      this.emit();
      return;
    }
    if (generation !== this.generation) {
      if (claimed) await quietly(() => this.api.release(claimed.item));
      return;
    }
    if (!claimed) {
      this.stateValue = 'empty';
      this.emit();
      return;
    }
    this.currentHeld = claimed;
    this.schedule(claimed);
    this.stateValue = 'working';
    this.emit();
    this.prefetch();
  }

  /** Claims one more task in the background; at most one is prefetched or on its way. */
  private prefetch() {
    if (!this.prefetchEnabled || this.prefetchedHeld || this.prefetchInFlight || this.currentHeld === null) return;
    const epoch = this.epoch;
    let promise: Promise<void> | null = null;
    let finished = false;
    const run = async () => {
      try {
        const item = await this.api.claim();
        if (!item) return;
        if (this.currentHeld?.item.leaseId === item.leaseId) return;
        if (epoch !== this.epoch || this.prefetchedHeld) {
          await quietly(() => this.api.release(item));
          return;
        }
        const held = this.hold(item);
        this.prefetchedHeld = held;
        this.schedule(held);
        this.emit();
      } catch {
        // Nothing lost: the next advance claims directly.
      } finally {
        finished = true;
        if (this.prefetchInFlight === promise) this.prefetchInFlight = null;
      }
    };
    promise = run();
    // run() finishes synchronously when the claim throws at once; then nothing is in flight.
    if (!finished) this.prefetchInFlight = promise;
  }
}
