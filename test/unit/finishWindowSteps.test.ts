import * as assert from 'node:assert/strict';
import { finishWindow, learnedStep } from '../../src/core/tasks/finishWindow';
import type { Sample } from '../../src/core/tasks/finishWindow';

/** Samples of a task whose progress moves through `steps` one every `periodMs`, polled every `everyMs`. */
function run(steps: number[], periodMs: number, everyMs: number, untilMs: number): Sample[] {
  const out: Sample[] = [];
  for (let t = 0; t <= untilMs; t += everyMs) {
    const i = Math.floor(t / periodMs);
    const progress = i === 0 ? 0 : (steps[Math.min(i, steps.length) - 1] ?? 0);
    out.push({ sent: t, recv: t + 20, status: i === 0 ? 'SUBMITTED' : 'IN_PROGRESS', progress });
  }
  return out;
}

describe('finishWindow: the step size is learned from the progress seen', () => {
  it('reads 15/16 % steps, 25 % steps and 10 % steps; keeps the prior before the first step', () => {
    assert.equal(learnedStep(run([15, 31, 46, 62, 78, 93], 3000, 1000, 10_000)), 15);
    assert.equal(learnedStep(run([25, 50, 75], 3000, 1000, 7000)), 25);
    assert.equal(learnedStep(run([10, 20, 30, 40, 50, 60, 70, 80, 90], 2000, 700, 9000)), 10);
    assert.equal(learnedStep(run([25, 50, 75], 3000, 1000, 2000)), 16);
    // One sample at 50 %: two steps of 25 or three of 16? Not known yet: the prior stays.
    assert.equal(learnedStep([{ sent: 0, recv: 1, status: 'IN_PROGRESS', progress: 50 }]), 16);
  });

  it('a 25 % server: the window holds the real finish (the 16 % model would place it a step too late)', () => {
    // Steps every 4 s from t = 4 s: 25 % at 4 s, 50 % at 8 s, 75 % at 12 s, finish at 16 s.
    const samples = run([25, 50, 75], 4000, 1000, 12_500);
    const w = finishWindow(samples, 0);
    assert.ok(w, 'no window');
    assert.ok(w.min <= 16_000 && 16_000 <= w.max, `finish at 16 s outside ${w.min}..${w.max}`);
    assert.ok(w.max - 16_000 < 4000, `window ends ${w.max}: more than a step late`);
  });
});
