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

/** Midjourney's progress steps are about this many percent apart (0, 15, 31, 46, 62, 78, 93, 100). */
const STEP_PCT = 16;
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
 * finishes one step after the last one; a task at p % has `ceil((100 - p) / 16)` steps left (93 % → 1,
 * 15 % → 6). So a sample at p % seen at time t says F - s·P <= t < F - (s-1)·P, with s the steps left;
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
): FinishWindow | undefined {
  let min = Infinity;
  let max = -Infinity;
  let bounded = false;
  const spans: Array<[number, number]> = [];
  for (let P = 500; P <= 60_000; P *= 1.02) {
    const jitter = JITTER_MS + JITTER_SHARE * P;
    // The first step cannot have started before the task was submitted.
    let lo = startBound + 6 * P - jitter;
    let hi = Infinity;
    for (const s of samples) {
      if (isFinal(s.status)) continue;
      lo = Math.max(lo, s.sent);
      const p = s.progress ?? 0;
      if (s.status !== 'IN_PROGRESS' || p <= 0) {
        // Still waiting at 0 %: the first step (6 left) has not begun either.
        if (s.progress !== undefined || s.status === 'NOT_START') lo = Math.max(lo, s.sent + 6 * P - jitter);
        continue;
      }
      const left = Math.max(1, Math.ceil((100 - p) / STEP_PCT));
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
