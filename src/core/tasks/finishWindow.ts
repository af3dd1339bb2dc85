/**
 * A pure model of Midjourney's progress timing: from a task's progress samples, the window in which it
 * can finish. The poller (poller.ts) plans its requests around this window.
 */
import { isFinal } from '../model/types';

/** One observation of a task: the request's send and answer times, and what the server said. */
export interface Sample {
  sent: number;
  recv: number;
  status: string;
  progress?: number;
}

/**
 * Midjourney's progress steps are about this many percent apart (0, 15, 31, 46, 62, 78, 93, 100): the prior,
 * until a task's own samples show another step size (servers and relays that move in 25 % or 10 % steps).
 */
const STEP_PCT = 16;

/**
 * The step size a task's samples show: the smallest rise between two distinct progress values it reported
 * (the first step counts as a rise from 0), rounded to a whole percent; the 16 % prior while it has shown fewer
 * than one step. A server whose steps are uneven is read by its smallest one, which only widens the window.
 */
/**
 * What the poller learned about a server's progress from its other tasks, passed into `finishWindow`: the step
 * size in percent (100: the server jumps from 0 % to 100 %) and, for a jump server, the range of run lengths
 * seen on its finished tasks (nothing else bounds them).
 */
export interface StepModel {
  stepPct?: number;
  periodMs?: { min: number; max: number };
}

export function learnedStep(samples: readonly Sample[], prior = STEP_PCT): number {
  const seen = [
    ...new Set(
      samples
        .filter(
          (s) => s.status === 'IN_PROGRESS' && s.progress !== undefined && s.progress > 0 && s.progress < 100,
        )
        .map((s) => s.progress as number),
    ),
  ].sort((a, b) => a - b);
  if (seen.length === 0) return prior;
  let step = seen[0];
  for (let i = 1; i < seen.length; i++) step = Math.min(step, seen[i] - seen[i - 1]);
  // A first sample at 50 % may be two 25 % steps or three of 16 %: trust a single value only when it is not
  // above the prior, else keep the prior's count of steps (the window then stays wide until the next step).
  if (seen.length === 1 && step > prior) return prior;
  return Math.min(50, Math.max(5, Math.round(step)));
}
/** Timing tolerance: steps are not exactly evenly spaced, and answers take time. */
const JITTER_MS = 100;
const JITTER_SHARE = 0.03;
/**
 * Dense polling starts at this quantile of the predicted finish (plus the lag target). 0 waits for the
 * earliest possible finish: safe, but pays for the whole window. 0.05 accepts that now and then a finish
 * is seen a little after the target, for fewer requests. Tuned with test/unit/pollerAdaptive.test.ts:
 * 0.05 keeps the p95 lag of every 10-task run within 1.5 s; 0.2 saves ~10 % more requests but misses
 * that in one run out of five.
 */
export const EARLY_QUANTILE = 0.05;

/**
 * The earliest and latest time at which a task can finish, from its samples.
 *
 * Model: after a wait at 0 % of any length, Midjourney shows a new progress step every P ms, and
 * finishes one step after the last one; a task at p % has `ceil((100 - p) / step)` steps left (with 16 %
 * steps 93 % → 1, 15 % → 6), where `step` is what the task's samples show (learnedStep). So a sample at p % seen at time t says F - s·P <= t < F - (s-1)·P, with s the steps left;
 * any non-final sample says F > t. For every P on a geometric grid the samples bound F to an interval;
 * the union over the feasible P is the window. The model never looks at the labels' exact values, only
 * at when they change, so a server whose labels lead or lag does not fool it, and a relay that shows
 * everything N seconds late just shifts the window by N. Undefined when no running sample has progress
 * yet (nothing bounds F from above) or the samples contradict the model.
 */
export function finishWindow(
  samples: readonly Sample[],
  startBound = -Infinity,
  earlyQuantile = EARLY_QUANTILE,
  model: StepModel = {},
): FinishWindow | undefined {
  let min = Infinity;
  let max = -Infinity;
  let bounded = false;
  const spans: Array<[number, number]> = [];
  // A jump server (0 % to 100 %): a running task at 0 % is in its one and only step.
  const jump = (model.stepPct ?? 0) >= 100;
  // The task's own steps, with what the server's other tasks showed (else Midjourney's 16 %) as the prior.
  const step = jump ? 100 : learnedStep(samples, model.stepPct ?? STEP_PCT);
  /** Steps left once the first one shows: 6 for Midjourney's 16 % steps, 3 for 25 %, 9 for 10 %. */
  const allSteps = jump ? 1 : Math.max(1, Math.ceil((100 - step) / step));
  // On a jump server nothing but the run lengths of its finished tasks bounds the one step's length.
  const pMin = jump && model.periodMs ? Math.max(500, model.periodMs.min) : 500;
  const pMax = jump && model.periodMs ? Math.min(600_000, model.periodMs.max) : 60_000;
  for (let P = pMin; P <= pMax; P *= 1.02) {
    const jitter = JITTER_MS + JITTER_SHARE * P;
    // The first step cannot have started before the task was submitted.
    let lo = startBound + allSteps * P - jitter;
    let hi = Infinity;
    for (const s of samples) {
      if (isFinal(s.status)) continue;
      lo = Math.max(lo, s.sent);
      const p = s.progress ?? 0;
      if (s.status !== 'IN_PROGRESS' || (p <= 0 && !jump)) {
        // Still waiting at 0 %: the first step (6 left) has not begun either.
        if (s.progress !== undefined || s.status === 'NOT_START')
          lo = Math.max(lo, s.sent + allSteps * P - jitter);
        continue;
      }
      const left = Math.max(1, Math.ceil((100 - p) / step));
      lo = Math.max(lo, s.sent + (left - 1) * P - jitter);
      hi = Math.min(hi, s.recv + left * P + jitter);
    }
    if (hi === Infinity) continue;
    bounded = true;
    if (lo > hi) continue;
    spans.push([lo, hi]);
    min = Math.min(min, lo);
    max = Math.max(max, hi);
  }
  if (!bounded || !(min <= max)) return undefined;
  return { min, max, early: quantile(spans, earlyQuantile, min, max) };
}

/**
 * The q-quantile of F when every feasible (P, F) is equally likely (log-uniform P, as the grid is
 * geometric): each P contributes its F interval with a weight equal to its length.
 */
function quantile(spans: ReadonlyArray<[number, number]>, q: number, min: number, max: number): number {
  let total = 0;
  for (const [lo, hi] of spans) total += hi - lo;
  if (total <= 0) return min;
  let a = min;
  let b = max;
  for (let i = 0; i < 30 && b - a > 20; i++) {
    const x = (a + b) / 2;
    let below = 0;
    for (const [lo, hi] of spans) below += Math.min(hi, Math.max(lo, x)) - lo;
    if (below / total < q) a = x;
    else b = x;
  }
  return a;
}

/** When a task can finish: `min`..`max` under the model, `early` a low quantile of it. */
export interface FinishWindow {
  min: number;
  max: number;
  early: number;
}
