import * as assert from 'node:assert/strict';
import { finishWindow } from '../../src/core/tasks/finishWindow';
import type { Sample } from '../../src/core/tasks/finishWindow';

/** A task on a jump server: SUBMITTED at 0 % until `runAt`, then IN_PROGRESS at 0 % until it is done. */
function jumpRun(runAt: number, everyMs: number, untilMs: number): Sample[] {
  const out: Sample[] = [];
  for (let t = 0; t <= untilMs; t += everyMs)
    out.push({ sent: t, recv: t + 20, status: t < runAt ? 'SUBMITTED' : 'IN_PROGRESS', progress: 0 });
  return out;
}

describe('finishWindow on a server that jumps from 0 % to 100 %', () => {
  it('without what other tasks showed, nothing bounds the finish', () => {
    assert.equal(finishWindow(jumpRun(3000, 1000, 8000), 0), undefined);
  });

  it("the run lengths of the server's finished tasks bound the next task's finish", () => {
    // Earlier tasks ran 17-34 s at 0 %; this one started running between 2 and 3 s, so it finishes at 19-37 s.
    const w = finishWindow(jumpRun(3000, 1000, 8000), 0, undefined, {
      stepPct: 100,
      periodMs: { min: 17_000, max: 34_000 },
    });
    assert.ok(w, 'no window');
    assert.ok(w.min >= 18_000 && w.min <= 21_000, `min ${w.min}`);
    assert.ok(w.max >= 36_000 && w.max <= 39_000, `max ${w.max}`);
    assert.ok(w.early >= w.min && w.early < 22_000, `early ${w.early}`);
  });
});
