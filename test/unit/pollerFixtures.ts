/** A fake clock and a fake Midjourney server for poller tests (virtual time, no sockets). */
import { MjError } from '../../src/core/model/errors';
import type { Clock, TaskReader } from '../../src/core/tasks/poller';
import type { Task } from '../../src/core/model/types';
import { mkTask } from './storeFixtures';

/** Virtual time: timers run only when `advance` passes them. */
export class FakeClock implements Clock {
  private t = 0;
  private seq = 0;
  private timers = new Map<number, { at: number; fn: () => void }>();
  constructor(start = 0) {
    this.t = start;
  }
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + Math.max(0, ms), fn });
    return id;
  }
  clearTimeout(h: unknown): void {
    this.timers.delete(h as number);
  }
  pending(): number {
    return this.timers.size;
  }
  /** Move time forward, firing timers in order and letting promise chains settle after each. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await settle();
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const e of this.timers) if (e[1].at <= end && (!next || e[1].at < next[1].at)) next = e;
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = Math.max(this.t, next[1].at);
      next[1].fn();
    }
    this.t = end;
    await settle();
  }
}

/** Let pending promise callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((r) => setImmediate(r));
}

export interface SimTask {
  id: string;
  /** When the server starts the task (before: NOT_START, queued). */
  startAt: number;
  /** From start to the final status, like the simulator: 15 % of it SUBMITTED at 0 %, then six steps. */
  durationMs: number;
  /** Status at the end (default SUCCESS); MODAL tasks stay MODAL. */
  end?: 'SUCCESS' | 'FAILURE' | 'MODAL';
}

const STEPS = [15, 31, 46, 62, 78, 93];
const WAIT_SHARE = 0.15;

/** A server whose tasks progress with the clock. Records every request. */
export class FakeServer implements TaskReader {
  readonly tasks = new Map<string, SimTask>();
  readonly requests: Array<{ kind: 'list'; ids: string[] } | { kind: 'fetch'; id: string }> = [];
  listUnsupported = false;
  /** Ids the list answer leaves out (a relay that does not list fresh tasks yet). */
  readonly unlisted = new Set<string>();
  failures = 0;
  /** Answer after this much virtual time (0: at once). */
  latencyMs = 0;
  /** The progress steps a running task shows (Midjourney's by default; empty: 0 % until done). */
  steps: readonly number[] = STEPS;
  constructor(private readonly clock: FakeClock) {}

  add(t: SimTask): void {
    this.tasks.set(t.id, t);
  }
  finishedAt(id: string): number {
    const t = this.tasks.get(id) as SimTask;
    return t.startAt + t.durationMs;
  }
  view(id: string): Task | undefined {
    const s = this.tasks.get(id);
    if (!s) return undefined;
    const now = this.clock.now();
    if (s.end === 'MODAL') return mkTask(id, { status: 'MODAL' });
    if (now < s.startAt) return mkTask(id, { status: 'NOT_START' });
    if (now >= s.startAt + s.durationMs) return mkTask(id, { status: s.end ?? 'SUCCESS', progress: 100 });
    const frac = (now - s.startAt - s.durationMs * WAIT_SHARE) / (s.durationMs * (1 - WAIT_SHARE));
    if (frac < 0) return mkTask(id, { status: 'SUBMITTED', progress: 0 });
    // A server without steps (`steps` empty) shows 0 % until the task is done.
    const steps = this.steps;
    if (steps.length === 0) return mkTask(id, { status: 'IN_PROGRESS', progress: 0 });
    const step = steps[Math.min(steps.length - 1, Math.floor(frac * steps.length))];
    return mkTask(id, { status: 'IN_PROGRESS', progress: step });
  }
  private async answer<T>(make: () => T, signal?: AbortSignal): Promise<T> {
    if (this.failures > 0) {
      this.failures--;
      throw new MjError({ kind: 'network', message: 'connection reset' });
    }
    if (this.latencyMs > 0) {
      await new Promise<void>((resolve, reject) => {
        const h = this.clock.setTimeout(resolve, this.latencyMs);
        signal?.addEventListener('abort', () => {
          this.clock.clearTimeout(h);
          reject(new MjError({ kind: 'cancelled', message: 'aborted' }));
        });
      });
    }
    return make();
  }
  listByCondition(ids: string[], opts?: { signal?: AbortSignal }): Promise<Task[]> {
    this.requests.push({ kind: 'list', ids: [...ids] });
    if (this.listUnsupported) {
      return Promise.reject(new MjError({ kind: 'unsupported', message: 'no list', httpStatus: 404 }));
    }
    return this.answer(
      () => ids.filter((id) => !this.unlisted.has(id)).flatMap((id) => this.view(id) ?? []),
      opts?.signal,
    );
  }
  fetchTask(id: string, opts?: { signal?: AbortSignal }): Promise<Task | undefined> {
    this.requests.push({ kind: 'fetch', id });
    return this.answer(() => this.view(id), opts?.signal);
  }
}
