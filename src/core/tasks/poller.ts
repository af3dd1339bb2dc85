/**
 * One scheduler that polls every unfinished task. A tick is a chained setTimeout (never setInterval),
 * never overlaps the previous one, and asks for every due task with ONE list-by-condition request
 * (falling back to per-task fetch where the server has no such endpoint).
 *
 * The interval is adaptive: from each task's progress samples the poller works out the window in which
 * it can finish (see finishWindow.ts), polls sparsely while that is far away and every `lagTargetMs` once
 * it is open. Because one list request answers for every task, the next tick is simply the earliest
 * deadline across tasks, and every tick gives every task a fresh sample for free.
 */
import type { TaskReader } from '../api/client';
import { t } from '../../shared/l10n';
import { MjError } from '../model/errors';
import type { Event } from '../model/events';
import { Emitter } from '../model/events';
import type { FinishWindow, Sample } from './finishWindow';
import { EARLY_QUANTILE, finishWindow, learnedStep } from './finishWindow';
import type { Lease } from './pollLease';
import { ServerProgress } from './serverProgress';
import type { ProgressMemory } from './serverProgress';
import type { TaskRecord, TaskStore } from './store';
import type { Task } from '../model/types';
import { isFinal } from '../model/types';

export type { TaskReader } from '../api/client';

/** The timer functions the poller uses; tests pass a fake. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The part of the store the poller needs (`refresh` only with a lease: to read another window's answers). */
export type PollerStore = Pick<TaskStore, 'get' | 'unfinished' | 'applyServerTask'> &
  Partial<Pick<TaskStore, 'refresh'>>;

export interface PollerOptions {
  reader: TaskReader;
  store: PollerStore;
  clock?: Clock;
  /** Told about failures. Called once per run of failures (and once per lost task), not every tick. */
  onError?: (e: unknown) => void;
  /** Shortest gap between two ticks (default 700 ms). */
  minIntervalMs?: number;
  /** Longest a running task goes unpolled while the window is focused (default 5000 ms). */
  maxIntervalMs?: number;
  /** Gap between polls once a task may have finished: bounds the detection lag (default 1300 ms). */
  lagTargetMs?: number;
  /**
   * Dense polling starts at this quantile of the predicted finish time (default 0.05). Lower: fewer late
   * detections, more requests. 0: never later than the lag target while the model holds.
   */
  earlyQuantile?: number;
  /** Ids per list-by-condition request (default 50). */
  chunkSize?: number;
  /**
   * Shared with the other windows (see pollLease.ts): only the holder sends requests; the others re-read
   * the store instead. Without it every window polls what it tracks.
   */
  lease?: Lease;
  /**
   * Which server a task is asked of (its profile): each server's progress style is learned apart, so a relay
   * that moves in 25 % steps does not widen the windows of a server with Midjourney's 16 %. Default: one server.
   */
  serverOf?: (id: string) => string;
  /**
   * What earlier sessions learned of each server's progress, and where to keep what this one learns: a server
   * that jumps from 0 % to 100 % gives the first task of a session nothing to predict its finish with.
   */
  memory?: ProgressMemory;
}

const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

interface Tracked {
  id: string;
  /** Earliest moment the task can have started on the server (our submit time), if known. */
  startBound: number;
  deadline: number;
  samples: Sample[];
  /** `finishWindow` of the current samples. */
  window?: FinishWindow;
  /** Consecutive "no such task" answers. */
  missing: number;
  lostReported: boolean;
  /** The server it is asked of (see PollerOptions.serverOf), fixed when it is taken in. */
  server: string;
  /** When `track` took it in as a new task (just submitted), if it did. */
  trackedAt?: number;
}

/** A finish window wider than this tells us too little to plan around. */
const USEFUL_WINDOW_MS = 40_000;
/** Polls this close before a task's deadline are taken early, so one request serves more tasks. */
const COALESCE_MS = 400;
/** "No such task" this many times in a row: the task is treated as lost. */
const LOST_AFTER = 3;

/** Polls unfinished tasks and merges what the server says into the store. */
export class Poller {
  private readonly reader: TaskReader;
  private readonly store: PollerStore;
  private readonly clock: Clock;
  private readonly onError: (e: unknown) => void;
  private readonly minInterval: number;
  private readonly maxInterval: number;
  private readonly lagTarget: number;
  private readonly earlyQuantile: number;
  private readonly chunkSize: number;
  private readonly lease: Lease | undefined;
  private readonly serverOf: (id: string) => string;
  /** Each server's progress, as learned (and remembered from earlier sessions). */
  private readonly progress: ServerProgress;
  private readonly tasks = new Map<string, Tracked>();
  private timer: unknown;
  private timerAt = Infinity;
  private inFlight: AbortController | undefined;
  private running = false;
  private visible = true;
  private listUnsupported = false;
  private errorStreak = 0;
  private retryAt = 0;
  private lastTickAt = -Infinity;
  private readonly updated = new Emitter<TaskRecord>();
  private readonly polled = new Emitter<void>();

  /** Fires with the record after the store took a changed task from the server. */
  readonly onDidUpdate: Event<TaskRecord> = this.updated.event;
  /** Fires after each tick that asked the server about at least one task (answered or not). */
  readonly onDidPoll: Event<void> = this.polled.event;

  constructor(opts: PollerOptions) {
    this.reader = opts.reader;
    this.store = opts.store;
    this.clock = opts.clock ?? realClock;
    this.onError = opts.onError ?? (() => undefined);
    this.minInterval = opts.minIntervalMs ?? 700;
    this.maxInterval = opts.maxIntervalMs ?? 5000;
    this.lagTarget = opts.lagTargetMs ?? 1300;
    this.earlyQuantile = opts.earlyQuantile ?? EARLY_QUANTILE;
    this.chunkSize = Math.max(1, opts.chunkSize ?? 50);
    this.lease = opts.lease;
    this.serverOf = opts.serverOf ?? (() => '');
    this.progress = new ServerProgress(opts.memory);
  }

  /** Start polling, resuming every unfinished task in the store except those waiting in MODAL. */
  start(): void {
    this.running = true;
    for (const rec of this.store.unfinished()) {
      if (rec.task.status !== 'MODAL') this.add(rec.task.id, 0);
    }
    this.schedule();
  }

  /** Poll this task (new, or resumed after /submit/modal) soon; joins a tick already planned. */
  track(id: string): void {
    // A task just submitted has nothing to report for seconds: join a tick planned in the next few
    // seconds rather than pay for a request of its own.
    const now = this.clock.now();
    const planned = this.timerAt - now;
    const firstLook = this.progress.firstLook(this.serverOf(id));
    const fresh = !this.tasks.has(id);
    // A tick planned up to a second after the first look is joined.
    this.add(id, planned >= 500 && planned <= firstLook + 1000 ? planned : firstLook);
    const t = this.tasks.get(id);
    if (fresh && t) t.trackedAt = now;
    this.schedule();
  }

  /** Poll every task at the next opportunity (the user pressed Refresh). */
  pokeSoon(): void {
    const soon = this.clock.now() + 200;
    for (const t of this.tasks.values()) t.deadline = Math.min(t.deadline, soon);
    this.retryAt = Math.min(this.retryAt, soon);
    this.schedule();
  }

  /** Slow down while the editor window is not focused; speed up (and look at once) when it is again. */
  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    if (visible) this.pokeSoon();
  }

  /** Ids currently polled (for the status bar and tests). */
  trackedIds(): string[] {
    return [...this.tasks.keys()];
  }

  /** Stop ticking and cancel a request in flight. Tracked tasks are kept; `start` resumes. */
  stop(): void {
    this.running = false;
    this.clearTimer();
    this.inFlight?.abort();
    this.lease?.release();
  }

  dispose(): void {
    this.stop();
    this.tasks.clear();
    this.updated.dispose();
    this.polled.dispose();
  }

  private add(id: string, delay: number): void {
    const now = this.clock.now();
    const rec = this.store.get(id);
    const old = this.tasks.get(id);
    if (old) {
      old.deadline = Math.min(old.deadline, now + delay);
      return;
    }
    // The task cannot have started before we submitted it; for a task tracked by id we know nothing.
    const submitted =
      rec?.task.submitTime ?? (rec && rec.origin.kind !== 'track' ? rec.createdAt : undefined);
    this.tasks.set(id, {
      id,
      server: this.serverOf(id),
      startBound: submitted !== undefined ? submitted - 2000 : -Infinity,
      deadline: now + delay,
      samples: [],
      missing: 0,
      lostReported: false,
    });
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  /** Arm the timer for the earliest deadline (or the end of an error backoff). */
  private schedule(): void {
    if (!this.running || this.inFlight) return;
    let at = Infinity;
    for (const t of this.tasks.values()) at = Math.min(at, t.deadline);
    if (at === Infinity) {
      // Nothing left to poll here: let a window that has tasks take over at once.
      this.lease?.release();
      return this.clearTimer();
    }
    const now = this.clock.now();
    at = Math.max(at, this.retryAt, this.lastTickAt + this.minInterval, now);
    if (this.timer !== undefined && this.timerAt <= at) return;
    this.clearTimer();
    this.timerAt = at;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      void this.tick();
    }, at - now);
  }

  private async tick(): Promise<void> {
    if (!this.running || this.inFlight) return;
    const now = this.clock.now();
    if (this.lease && !this.shareWithOtherWindows(now)) return this.schedule();
    const due = [...this.tasks.values()].filter((t) => t.deadline <= now + COALESCE_MS);
    if (due.length === 0) return this.schedule();
    const ac = new AbortController();
    this.inFlight = ac;
    this.lastTickAt = now;
    try {
      await this.poll(due, ac.signal);
      this.errorStreak = 0;
    } catch (e) {
      if (!ac.signal.aborted) this.failed(e, due);
    } finally {
      this.inFlight = undefined;
      this.schedule();
      this.polled.fire();
    }
  }

  /**
   * With a lease, before each tick: take in what other windows wrote (their answers and their new tasks),
   * then poll only if this window holds the lease. Returns false when another window polls for us; the
   * due tasks are then looked at again in the store a lag target later, without a request.
   */
  private shareWithOtherWindows(now: number): boolean {
    this.store.refresh?.();
    for (const t of [...this.tasks.values()]) {
      const rec = this.store.get(t.id);
      if (!rec || isFinal(rec.task.status) || rec.task.status === 'MODAL') this.tasks.delete(t.id);
    }
    for (const rec of this.store.unfinished()) {
      if (rec.task.status !== 'MODAL' && !this.tasks.has(rec.task.id)) this.add(rec.task.id, 0);
    }
    if (this.tasks.size === 0 || this.lease?.acquire()) return true;
    for (const t of this.tasks.values()) t.deadline = Math.max(t.deadline, now + this.lagTarget);
    return false;
  }

  private async poll(due: Tracked[], signal: AbortSignal): Promise<void> {
    let individually = due;
    if (!this.listUnsupported) {
      try {
        individually = await this.pollByList(due, signal);
      } catch (e) {
        if (!(e instanceof MjError && e.kind === 'unsupported')) throw e;
        // The server has no list-by-condition (404/405): remember it and fetch one by one from now on.
        this.listUnsupported = true;
      }
    }
    for (const t of individually) {
      if (signal.aborted) return;
      const task = await this.reader.fetchTask(t.id, { signal });
      if (signal.aborted) return;
      await this.observe(t, task);
    }
  }

  /**
   * One request per chunk of due ids, topped up with not-yet-due tasks (free samples for the model).
   * Returns the due tasks the answer left out: a relay may not list a fresh task yet, so those are
   * fetched individually.
   */
  private async pollByList(due: Tracked[], signal: AbortSignal): Promise<Tracked[]> {
    const dueIds = new Set(due.map((t) => t.id));
    const extra = [...this.tasks.values()]
      .filter((t) => !dueIds.has(t.id))
      .sort((a, b) => a.deadline - b.deadline)
      .slice(0, (this.chunkSize - (due.length % this.chunkSize)) % this.chunkSize);
    const asked = [...due, ...extra];
    const missing: Tracked[] = [];
    for (let i = 0; i < asked.length; i += this.chunkSize) {
      const chunk = asked.slice(i, i + this.chunkSize);
      const answer = await this.reader.listByCondition(
        chunk.map((t) => t.id),
        { signal },
      );
      if (signal.aborted) return [];
      const byId = new Map(answer.map((task) => [task.id, task]));
      for (const t of chunk) {
        const task = byId.get(t.id);
        if (task) await this.observe(t, task);
        // Fetch it alone once; if the server already said it has no such task, the list is enough.
        else if (dueIds.has(t.id) && t.missing === 0) missing.push(t);
        else if (dueIds.has(t.id)) await this.observe(t, undefined);
      }
    }
    return missing;
  }

  /** Take one answer for a task: store it, update the model, plan the next poll. */
  private async observe(t: Tracked, task: Task | undefined): Promise<void> {
    const now = this.clock.now();
    if (this.tasks.get(t.id) !== t) return; // dropped meanwhile
    // Bound to the request: an answer naming another id never updates that other task.
    if (!task || task.id !== t.id) return this.noSuchTask(t, now);
    t.missing = 0;
    const before = this.store.get(t.id);
    if (!before) {
      this.tasks.delete(t.id); // deleted by the user: stop polling it
      return;
    }
    const rec = await this.store.applyServerTask(task);
    if (rec && rec !== before) this.updated.fire(rec);
    const status = rec?.task.status ?? task.status;
    if (isFinal(status)) this.learnFromFinished(t, now, status);
    if (isFinal(status) || status === 'MODAL' || !rec) {
      // Final: done. MODAL: waits for the user; `track` resumes it after /submit/modal.
      this.tasks.delete(t.id);
      return;
    }
    t.samples.push({ sent: this.lastTickAt, recv: now, status: task.status, progress: task.progress });
    if (t.samples.length > 40) t.samples.splice(1, 1);
    const own = shownStep(t.samples);
    if (own !== undefined) this.progress.sawStep(t.server, own);
    const model = this.progress.stepModel(t.server);
    // If the whole history contradicts the model (a slow start, a pause), the recent samples may not.
    t.window =
      finishWindow(t.samples, t.startBound, this.earlyQuantile, model) ??
      finishWindow(t.samples.slice(-4), -Infinity, this.earlyQuantile, model);
    t.deadline = this.nextDeadline(t, now);
  }

  /** A task just seen final: if it ran at 0 % all along, how long it ran bounds the next ones' (jump servers). */
  private learnFromFinished(t: Tracked, now: number, status: string): void {
    // How soon this server can finish a job (times the first look at the next one). Failures say nothing.
    if (t.trackedAt !== undefined && status === 'SUCCESS')
      this.progress.sawSuccessAfter(t.server, now - t.trackedAt);
    const running = t.samples.findIndex((s) => s.status === 'IN_PROGRESS');
    if (running < 0 || t.samples.some((s) => (s.progress ?? 0) > 0)) return;
    const first = t.samples[running] as Sample;
    const last = t.samples[t.samples.length - 1] as Sample;
    const before = t.samples[running - 1];
    const lo = Math.max(500, last.sent - first.recv);
    const hi = Math.max(
      lo,
      now - (before ? before.sent : Math.max(t.startBound, first.sent - this.maxInterval)),
    );
    this.progress.sawJumpRun(t.server, lo, hi);
  }

  private noSuchTask(tracked: Tracked, now: number): void {
    tracked.missing++;
    if (tracked.missing >= LOST_AFTER) {
      // Kept (it may reappear on a lagging relay) but asked about rarely.
      tracked.deadline = now + Math.min(600_000, 30_000 * 2 ** (tracked.missing - LOST_AFTER));
      if (!tracked.lostReported) {
        tracked.lostReported = true;
        this.onError(
          new MjError({
            kind: 'notFound',
            message: t('The server no longer knows task {0}.', tracked.id),
            remedy: 'none',
          }),
        );
      }
    } else {
      tracked.deadline = now + this.maxInterval;
    }
  }

  /**
   * When this task must be asked about next. Far from its finish: every `maxInterval` at most. Once it
   * may have finished (the window opened): every `lagTarget`, so a finish is seen within that.
   */
  private nextDeadline(t: Tracked, now: number): number {
    const last = t.samples[t.samples.length - 1] as Sample;
    const slow = this.visible ? 1 : 3;
    const w = t.window;
    if (!w || w.max - w.min > USEFUL_WINDOW_MS) {
      // Nothing to predict from yet: moderate, slower for queued tasks.
      return now + (last.status === 'NOT_START' ? 6000 : this.maxInterval) * slow;
    }
    // From the first poll that would see an early finish within the lag target, one every lag target
    // until it is seen; never more than the cap apart, in case the model is wrong about this task.
    const lag = this.lagTarget * slow;
    return Math.min(now + this.maxInterval * slow, Math.max(now + lag, w.early + lag));
  }

  private failed(e: unknown, due: Tracked[]): void {
    this.errorStreak++;
    const backoff = Math.min(60_000, 2000 * 2 ** (this.errorStreak - 1));
    const retryAfter = e instanceof MjError && e.retryAfterSeconds ? e.retryAfterSeconds * 1000 : 0;
    const now = this.clock.now();
    this.retryAt = now + Math.max(backoff, retryAfter);
    for (const t of due) t.deadline = Math.max(t.deadline, this.retryAt);
    // The host shows it once: report the first failure of a run, not every tick.
    if (this.errorStreak === 1) this.onError(e);
  }
}

/** The step a task has shown once it reported two distinct progress values between 0 and 100 %, else undefined. */
function shownStep(samples: readonly Sample[]): number | undefined {
  const seen = new Set<number>();
  for (const s of samples)
    if (s.status === 'IN_PROGRESS' && s.progress !== undefined && s.progress > 0 && s.progress < 100)
      seen.add(s.progress);
  return seen.size >= 2 ? learnedStep(samples) : undefined;
}
