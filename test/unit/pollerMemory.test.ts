/**
 * What the poller learns of a server's progress is learned per server and remembered for the next session:
 * on a server whose tasks jump from 0 % to 100 %, nothing else bounds the first task's finish.
 */
import * as assert from 'node:assert/strict';
import { Poller } from '../../src/core/tasks/poller';
import { checkProgressModel } from '../../src/core/tasks/serverProgress';
import type { ProgressMemory, ProgressModel } from '../../src/core/tasks/serverProgress';
import { TaskStore } from '../../src/core/tasks/store';
import { isFinal } from '../../src/core/model/types';
import { FakeClock, FakeServer } from './pollerFixtures';
import { MemoryKv, mkRecord } from './storeFixtures';

function memory(
  init: Record<string, ProgressModel> = {},
): ProgressMemory & { all: Map<string, ProgressModel> } {
  const all = new Map(Object.entries(init));
  return { all, get: (k) => all.get(k), set: (k, v) => void all.set(k, v) };
}

/** One session: the tasks (id → run length) are submitted at once; returns each one's detection lag. */
async function session(
  steps: readonly number[],
  runs: Record<string, number>,
  opts: { memory?: ProgressMemory; serverOf?: (id: string) => string } = {},
): Promise<Map<string, number>> {
  const clock = new FakeClock(1_000_000);
  const server = new FakeServer(clock);
  server.steps = steps;
  server.latencyMs = 30;
  const store = new TaskStore(new MemoryKv(), { now: () => clock.now() });
  const poller = new Poller({ reader: server, store, clock, ...opts });
  const seen = new Map<string, number>();
  poller.onDidUpdate((r) => {
    if (isFinal(r.task.status) && !seen.has(r.task.id)) seen.set(r.task.id, clock.now());
  });
  poller.start();
  for (const [id, durationMs] of Object.entries(runs)) {
    server.add({ id, startAt: clock.now() + 1000, durationMs });
    await store.add(mkRecord(id, clock.now()));
    poller.track(id);
  }
  while (seen.size < Object.keys(runs).length && clock.now() < 1_300_000) await clock.advance(500);
  poller.dispose();
  return new Map([...seen].map(([id, at]) => [id, at - server.finishedAt(id)]));
}

/** One task submitted at 1,000,000 (virtual ms): when the poller first asked about it. */
async function firstLook(m: ProgressMemory, durationMs: number): Promise<number> {
  const clock = new FakeClock(1_000_000);
  const server = new FakeServer(clock);
  const store = new TaskStore(new MemoryKv(), { now: () => clock.now() });
  const poller = new Poller({ reader: server, store, clock, memory: m });
  const asked: number[] = [];
  const list = server.listByCondition.bind(server);
  server.listByCondition = (ids, opts) => (asked.push(clock.now()), list(ids, opts));
  poller.start();
  server.add({ id: 't', startAt: clock.now() + 1000, durationMs });
  await store.add(mkRecord('t', clock.now()));
  poller.track('t');
  while (store.get('t')?.task.status !== 'SUCCESS' && clock.now() < 1_100_000) await clock.advance(250);
  poller.dispose();
  return asked[0] ?? NaN;
}

describe('Poller: progress models per server, remembered across sessions', () => {
  it("a jump server's first task is seen within the lag target once an earlier session remembered its runs", async () => {
    // A 30 s task runs 25.5 s at 0 % after 4.5 s in SUBMITTED (the fake server's share).
    const first = await session([], { a: 30_000 });
    assert.ok(
      (first.get('a') ?? 0) > 1500,
      `a first session saw it ${first.get('a')} ms late: the test shows nothing`,
    );
    const remembered = memory({ '': { jumpRunMs: { min: 24_000, max: 27_000 } } });
    const next = await session([], { a: 30_000 }, { memory: remembered });
    assert.ok((next.get('a') ?? Infinity) <= 1500, `seen ${next.get('a')} ms late`);
  });

  it('writes what a session learned: the run lengths of a jump server, the step of a 25 % server', async () => {
    const jump = memory();
    await session([], { a: 30_000, b: 20_000 }, { memory: jump });
    const run = jump.all.get('')?.jumpRunMs;
    assert.ok(run, 'no run lengths remembered');
    // The tasks ran 17 s and 25.5 s at 0 %; polls 5 s apart bound that from either side.
    assert.ok(run.min >= 7_000 && run.min <= 17_100, `min ${run.min}`);
    assert.ok(run.max >= 25_500 && run.max <= 32_000, `max ${run.max}`);

    const steps = memory();
    await session([25, 50, 75], { a: 30_000, b: 24_000 }, { memory: steps });
    assert.equal(steps.all.get('')?.stepPct, 25);
  });

  it('learns each server apart and leaves the others as they were', async () => {
    const m = memory({ B: { stepPct: 10 } });
    await session([25, 50, 75], { a1: 30_000, a2: 24_000 }, { memory: m, serverOf: () => 'A' });
    assert.equal(m.all.get('A')?.stepPct, 25);
    assert.deepEqual(m.all.get('B'), { stepPct: 10 });
  });

  it('the first look waits 4 s on a server seen to be slow, and no longer than its shortest run on a fast one', async () => {
    // The fake server starts a job 1 s after its submit: a 1.5 s job is done at 2.5 s, a 30 s one at 31 s.
    const fast = memory();
    assert.equal((await firstLook(fast, 1500)) - 1_000_000, 2500, 'nothing known: 2.5 s');
    const fastest = fast.all.get('')?.shortestRunMs;
    assert.ok(fastest !== undefined && fastest >= 2500 && fastest <= 2600, `shortest run ${fastest}`);
    assert.equal((await firstLook(fast, 1500)) - 1_000_000, Math.round(fastest));

    const slow = memory();
    assert.equal((await firstLook(slow, 30_000)) - 1_000_000, 2500);
    assert.ok((slow.all.get('')?.shortestRunMs ?? 0) > 30_000);
    assert.equal((await firstLook(slow, 30_000)) - 1_000_000, 4000, 'a slow server: 4 s');
  });

  it('reads back only models it could have written', () => {
    for (const junk of [null, 7, 'x', [], {}, { stepPct: 'x' }, { stepPct: 0 }, { stepPct: 90 }]) {
      assert.equal(checkProgressModel(junk), undefined, JSON.stringify(junk));
    }
    assert.equal(checkProgressModel({ jumpRunMs: { min: 5000, max: 1000 } }), undefined);
    assert.equal(checkProgressModel({ jumpRunMs: { min: 10, max: 1000 } }), undefined);
    assert.equal(checkProgressModel({ shortestRunMs: -1 }), undefined);
    assert.deepEqual(checkProgressModel({ shortestRunMs: 2400 }), { shortestRunMs: 2400 });
    assert.deepEqual(checkProgressModel({ stepPct: 16, extra: 1 }), { stepPct: 16 });
    assert.deepEqual(checkProgressModel({ jumpRunMs: { min: 15_000, max: 36_000 } }), {
      jumpRunMs: { min: 15_000, max: 36_000 },
    });
  });
});
