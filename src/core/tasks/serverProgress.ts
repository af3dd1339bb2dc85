/**
 * What the poller knows of each server's progress, learned from its tasks and remembered across sessions:
 * the step size its tasks show, how long tasks run on a server that jumps from 0 % to 100 %, and how soon a
 * job there can succeed. Pure: the host keeps the memory in globalState.
 */
import type { StepModel } from './finishWindow';

/** What was learned about one server's progress; kept across sessions by a ProgressMemory. */
export interface ProgressModel {
  /** The smallest progress step its tasks showed, in percent. */
  stepPct?: number;
  /** On a server whose tasks jump from 0 % to 100 %: the shortest and longest run at 0 % seen, in ms. */
  jumpRunMs?: { min: number; max: number };
  /** The shortest time from a submit to its success seen on this server, in ms (times the first look). */
  shortestRunMs?: number;
}

export interface ProgressMemory {
  get(server: string): ProgressModel | undefined;
  set(server: string, model: ProgressModel): void;
}

/** A remembered model, or undefined when it is not one we wrote (another version, a hand edit). */
export function checkProgressModel(v: unknown): ProgressModel | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  const out: ProgressModel = {};
  if (typeof o.stepPct === 'number' && o.stepPct >= 5 && o.stepPct <= 50) out.stepPct = o.stepPct;
  const j = o.jumpRunMs as Record<string, unknown> | undefined;
  if (
    j &&
    typeof j.min === 'number' &&
    typeof j.max === 'number' &&
    j.min >= 500 &&
    j.min <= j.max &&
    j.max <= 3_600_000
  )
    out.jumpRunMs = { min: j.min, max: j.max };
  if (typeof o.shortestRunMs === 'number' && o.shortestRunMs >= 0 && o.shortestRunMs <= 3_600_000)
    out.shortestRunMs = o.shortestRunMs;
  return out.stepPct !== undefined || out.jumpRunMs || out.shortestRunMs !== undefined ? out : undefined;
}

/**
 * A newly tracked task is first asked about this long after its submit, while nothing is known of its
 * server. The submit's own answer already says SUBMITTED, and on a server seen to take longer (Midjourney:
 * 15 s and more) the first look waits FIRST_LOOK_SLOW_MS: a job there shows no progress that early, and the
 * benchmark saves two requests a run (17 → 15). On a server seen to finish sooner (a fast relay, the
 * simulator) it comes at the shortest run seen there, no sooner than FIRST_LOOK_MIN_MS. Never earlier than
 * that: a look that finds the job still running is answered with the next poll seconds later (nothing bounds
 * the finish yet), so it would cost more lag than it saves.
 */
const FIRST_LOOK_MS = 2500;
const FIRST_LOOK_SLOW_MS = 4000;
const FIRST_LOOK_MIN_MS = 1000;

/** Each server's model: learned in this session, else remembered from an earlier one. */
export class ServerProgress {
  private readonly models = new Map<string, ProgressModel>();

  constructor(private readonly memory?: ProgressMemory) {}

  /** The finish window's view of a server: its step size, or for a jump server the run lengths seen. */
  stepModel(server: string): StepModel {
    const m = this.model(server);
    if (m.stepPct !== undefined) return { stepPct: m.stepPct };
    if (m.jumpRunMs)
      return { stepPct: 100, periodMs: { min: m.jumpRunMs.min * 0.9, max: m.jumpRunMs.max * 1.1 } };
    return {};
  }

  /** How long after its submit a new task is first asked about on this server. */
  firstLook(server: string): number {
    const fastest = this.model(server).shortestRunMs;
    return fastest === undefined
      ? FIRST_LOOK_MS
      : Math.min(FIRST_LOOK_SLOW_MS, Math.max(FIRST_LOOK_MIN_MS, Math.round(fastest)));
  }

  /** A task showed steps of `pct` %: the server's step is the smallest any of its tasks showed. */
  sawStep(server: string, pct: number): void {
    const m = this.model(server);
    if (m.stepPct === undefined || pct < m.stepPct) this.learn(server, { ...m, stepPct: pct });
  }

  /** A job succeeded this long after its submit (an upper bound: it may have been done before we looked). */
  sawSuccessAfter(server: string, ms: number): void {
    const m = this.model(server);
    if (m.shortestRunMs === undefined || ms < m.shortestRunMs)
      this.learn(server, { ...m, shortestRunMs: ms });
  }

  /** A task that stayed at 0 % ran between `lo` and `hi` ms: widen the jump server's range to take it in. */
  sawJumpRun(server: string, lo: number, hi: number): void {
    const m = this.model(server);
    const run = m.jumpRunMs;
    if (run && run.min <= lo && run.max >= hi) return;
    this.learn(server, {
      ...m,
      jumpRunMs: { min: Math.min(run?.min ?? lo, lo), max: Math.max(run?.max ?? hi, hi) },
    });
  }

  private model(server: string): ProgressModel {
    let m = this.models.get(server);
    if (!m) {
      m = checkProgressModel(this.memory?.get(server)) ?? {};
      this.models.set(server, m);
    }
    return m;
  }

  /** Written through to the memory only when something changed: a few times in a server's life. */
  private learn(server: string, m: ProgressModel): void {
    this.models.set(server, m);
    this.memory?.set(server, m);
  }
}
