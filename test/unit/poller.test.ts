import * as assert from 'node:assert/strict';
import { MjError } from '../../src/core/model/errors';
import { finishWindow } from '../../src/core/tasks/finishWindow';
import type { Sample } from '../../src/core/tasks/finishWindow';
import { Poller } from '../../src/core/tasks/poller';
import type { TaskRecord } from '../../src/core/tasks/store';
import { TaskStore } from '../../src/core/tasks/store';
import { FakeClock, FakeServer, settle } from './pollerFixtures';
import { MemoryKv, mkRecord, mkTask } from './storeFixtures';

function setup(n: number, opts: { durationMs?: number; startAt?: number } = {}) {
  const clock = new FakeClock(1_000_000);
  const server = new FakeServer(clock);
  const store = new TaskStore(new MemoryKv(), { now: () => clock.now() });
  const errors: unknown[] = [];
  const poller = new Poller({ reader: server, store, clock, onError: (e) => errors.push(e) });
  const ids: string[] = [];
  const add = async (id: string, durationMs = opts.durationMs ?? 30_000) => {
    server.add({ id, startAt: clock.now() + (opts.startAt ?? 2000), durationMs });
    await store.add(mkRecord(id, clock.now()));
    ids.push(id);
  };
  return { clock, server, store, poller, errors, ids, add, n };
}

describe('Poller', () => {
  it('asks for every due task with exactly one list request per tick', async () => {
    const s = setup(3);
    for (const id of ['a', 'b', 'c']) await s.add(id);
    s.poller.start();
    await s.clock.advance(100);
    assert.equal(s.server.requests.length, 1);
    assert.deepEqual(s.server.requests[0], { kind: 'list', ids: ['c', 'b', 'a'] });
    await s.clock.advance(20_000);
    assert.ok(s.server.requests.length >= 3);
    for (const r of s.server.requests) {
      assert.equal(r.kind, 'list');
      if (r.kind === 'list') assert.deepEqual([...r.ids].sort(), ['a', 'b', 'c']);
    }
    s.poller.dispose();
  });

  it('chunks more than 50 ids into several requests', async () => {
    const s = setup(0);
    for (let i = 0; i < 120; i++) await s.add(`t${i}`);
    s.poller.start();
    await s.clock.advance(100);
    assert.deepEqual(
      s.server.requests.map((r) => (r.kind === 'list' ? r.ids.length : 0)),
      [50, 50, 20],
    );
    s.poller.dispose();
  });

  it('falls back to per-task fetch for good after list-by-condition answers 404', async () => {
    const s = setup(2);
    await s.add('a');
    await s.add('b');
    s.server.listUnsupported = true;
    s.poller.start();
    await s.clock.advance(100);
    assert.deepEqual(s.server.requests, [
      { kind: 'list', ids: ['b', 'a'] },
      { kind: 'fetch', id: 'b' },
      { kind: 'fetch', id: 'a' },
    ]);
    await s.clock.advance(10_000);
    assert.equal(s.server.requests.filter((r) => r.kind === 'list').length, 1, 'list is not retried');
    assert.equal(s.errors.length, 0, 'a missing endpoint is not an error to show');
    s.poller.dispose();
  });

  it('fetches individually a task the list answer left out', async () => {
    const s = setup(2);
    await s.add('a');
    await s.add('b');
    s.server.unlisted.add('a');
    s.poller.start();
    await s.clock.advance(100);
    assert.deepEqual(s.server.requests, [
      { kind: 'list', ids: ['b', 'a'] },
      { kind: 'fetch', id: 'a' },
    ]);
    assert.equal(s.store.get('a')?.task.status, 'NOT_START');
    s.poller.dispose();
  });

  it('stops at final statuses, updates the store and fires onDidUpdate', async () => {
    const s = setup(2);
    await s.add('ok', 20_000);
    await s.add('bad', 10_000);
    s.server.tasks.get('bad')!.end = 'FAILURE';
    const seen: TaskRecord[] = [];
    s.poller.onDidUpdate((r) => seen.push(r));
    s.poller.start();
    await s.clock.advance(60_000);
    assert.equal(s.store.get('ok')?.task.status, 'SUCCESS');
    assert.equal(s.store.get('bad')?.task.status, 'FAILURE');
    assert.deepEqual(s.poller.trackedIds(), []);
    assert.ok(seen.some((r) => r.task.id === 'ok' && r.task.status === 'SUCCESS'));
    assert.ok(seen.some((r) => r.task.id === 'ok' && r.task.status === 'IN_PROGRESS'));
    const count = s.server.requests.length;
    await s.clock.advance(60_000);
    assert.equal(s.server.requests.length, count, 'no request once everything is final');
    assert.equal(s.clock.pending(), 0, 'no timer left armed');
    s.poller.dispose();
  });

  it('pauses at MODAL and resumes when track() is called after /submit/modal', async () => {
    const s = setup(1);
    await s.add('m');
    s.server.tasks.get('m')!.end = 'MODAL';
    s.poller.start();
    await s.clock.advance(5000);
    assert.equal(s.store.get('m')?.task.status, 'MODAL');
    const count = s.server.requests.length;
    await s.clock.advance(30_000);
    assert.equal(s.server.requests.length, count, 'MODAL is not polled');
    // The user submits the modal: the server runs it now.
    s.server.add({ id: 'm', startAt: s.clock.now() + 1000, durationMs: 20_000 });
    s.poller.track('m');
    await s.clock.advance(40_000);
    assert.equal(s.store.get('m')?.task.status, 'SUCCESS');
    s.poller.dispose();
  });

  it('start() resumes unfinished tasks from the store, but not MODAL or final ones', async () => {
    const s = setup(0);
    await s.store.add(mkRecord('run', 1, { task: mkTask('run', { status: 'IN_PROGRESS', progress: 31 }) }));
    await s.store.add(mkRecord('wait', 2, { task: mkTask('wait', { status: 'MODAL' }) }));
    await s.store.add(mkRecord('done', 3, { task: mkTask('done', { status: 'SUCCESS' }) }));
    s.server.add({ id: 'run', startAt: 0, durationMs: 2_000_000 });
    s.poller.start();
    await s.clock.advance(100);
    assert.deepEqual(s.server.requests, [{ kind: 'list', ids: ['run'] }]);
    s.poller.dispose();
  });

  it('backs off exponentially on errors, keeps tasks, reports once per run of failures', async () => {
    const s = setup(1);
    await s.add('a', 600_000);
    s.server.failures = 3;
    s.poller.start();
    await s.clock.advance(100);
    const times: number[] = [];
    const start = s.clock.now();
    for (let i = 0; i < 40; i++) {
      const before = s.server.requests.length;
      await s.clock.advance(500);
      if (s.server.requests.length > before) times.push(s.clock.now() - start);
    }
    // Failures at 0, 2 and 6 s (backing off 2, 4, 8 s); the fourth answer, at 14 s, succeeds.
    const gaps = times.map((t, i) => t - (times[i - 1] ?? 0));
    assert.ok(gaps[0]! >= 1500 && gaps[1]! >= 3500 && gaps[2]! >= 7500, `gaps ${gaps.join(',')}`);
    assert.equal(s.errors.length, 1);
    assert.deepEqual(s.poller.trackedIds(), ['a']);
    assert.equal(s.store.get('a')?.task.progress, 0, 'the answer after the failures was applied');
    s.poller.dispose();
  });

  it('never has two ticks in flight, and stop() aborts the request in flight', async () => {
    const s = setup(1);
    await s.add('a');
    s.server.latencyMs = 20_000; // slower than any interval
    s.poller.start();
    await s.clock.advance(15_000);
    assert.equal(s.server.requests.length, 1, 'the next tick waits for the slow answer');
    s.poller.track('a');
    s.poller.pokeSoon();
    await s.clock.advance(1000);
    assert.equal(s.server.requests.length, 1);
    s.poller.stop();
    await s.clock.advance(60_000);
    assert.equal(s.server.requests.length, 1);
    assert.equal(s.store.get('a')?.task.status, 'SUBMITTED', 'the aborted answer is not applied');
    assert.equal(s.errors.length, 0, 'cancelling is not an error');
    assert.equal(s.clock.pending(), 0);
  });

  it('a task the server does not know is reported once and asked about rarely', async () => {
    const s = setup(0);
    await s.store.add(mkRecord('ghost', 1));
    s.poller.start();
    await s.clock.advance(120_000);
    const n = s.server.requests.length;
    assert.ok(n >= 3 && n <= 8, `${n} requests`);
    assert.equal(s.errors.length, 1);
    assert.ok(s.errors[0] instanceof MjError && s.errors[0].kind === 'notFound');
    assert.deepEqual(s.poller.trackedIds(), ['ghost']);
    s.poller.dispose();
  });

  it('stops polling a task the user deleted', async () => {
    const s = setup(1);
    await s.add('a');
    s.poller.start();
    await s.clock.advance(100);
    await s.store.delete('a');
    await s.clock.advance(30_000);
    assert.deepEqual(s.poller.trackedIds(), []);
    assert.equal(s.store.get('a'), undefined);
    s.poller.dispose();
  });

  it('polls less while the window is not focused', async () => {
    const count = async (visible: boolean) => {
      const s = setup(1);
      await s.add('a', 600_000);
      s.poller.setVisible(visible);
      s.poller.start();
      await s.clock.advance(120_000);
      s.poller.dispose();
      return s.server.requests.length;
    };
    const focused = await count(true);
    const hidden = await count(false);
    assert.ok(hidden * 2 < focused, `hidden ${hidden} vs focused ${focused}`);
  });
});

describe('finishWindow', () => {
  it('narrows around the true finish as samples come in', () => {
    // Like the simulator: 35 s run, 15 % of it at 0 %, then six steps; a sample every 4 s.
    const S = 35_000;
    const steps = [15, 31, 46, 62, 78, 93];
    const samples: Sample[] = [];
    for (let t = 1000; t < S; t += 4000) {
      const frac = (t - 0.15 * S) / (0.85 * S);
      const progress = frac < 0 ? 0 : steps[Math.min(5, Math.floor(frac * 6))];
      samples.push({ sent: t, recv: t + 30, status: frac < 0 ? 'SUBMITTED' : 'IN_PROGRESS', progress });
    }
    const w = finishWindow(samples, -2000);
    assert.ok(w, 'consistent');
    assert.ok(w.min <= S && w.max >= S, `window ${w.min}..${w.max}`);
    assert.ok(w.max - w.min < 8000, `window ${w.min}..${w.max}`);
    assert.ok(w.min <= w.early && w.early <= w.max);
    assert.equal(finishWindow(samples.slice(0, 1)), undefined, 'no progress yet: nothing to predict');
  });
});

void settle;
