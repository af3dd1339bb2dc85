/**
 * The reliability fault matrix ("Hardening and proof"): one `describe` per row of the issue, each run
 * through the real MjClient + TaskStore + Poller + TaskService over loopback against the simulator. Every
 * row ends with the same proof: no task lost, what the store (and so the tree and panel) or the error the
 * host shows says is true, and the simulator's request log holds zero duplicate submits.
 *
 * Client-level details of the same faults (error kinds per dialect, retry counts, backoff arithmetic) are in
 * clientErrors/clientRetry/clientSim.test.ts; the editor-level rows (window reload, expired image link) are
 * in test/integration/faults.itest.ts and test/ui/faults.ui.test.ts; two windows in pollLease.test.ts too.
 */
import * as assert from 'node:assert/strict';
import { MjError } from '../../src/core/model/errors';
import { downloadImage } from '../../src/core/media/images';
import type { FaultRule, Simulator } from '../../sim/server';
import { PollLease } from '../../src/core/tasks/pollLease';
import { statusWords } from '../../src/core/model/words';
import type { Window } from './faultRig';
import {
  allFinal,
  assertNothingLostNoDuplicates,
  listRequests,
  MemoryKv,
  openWindow,
  startSim,
  submitRequests,
  until,
} from './faultRig';
import { rejects } from './testUtils';

const LIST = '/mj/task/list-by-condition';
const IMAGINE = '/mj/submit/imagine';

describe('Reliability fault matrix', function () {
  this.timeout(30_000);
  let sim: Simulator | undefined;
  let windows: Window[] = [];

  afterEach(async () => {
    for (const w of windows) await w.dispose();
    windows = [];
    await sim?.close();
    sim = undefined;
  });

  async function rig(
    dialect: Parameters<typeof startSim>[0] = 'trueai',
    simOpts: Parameters<typeof startSim>[1] = {},
    winOpts: Parameters<typeof openWindow>[1] = {},
  ): Promise<{ sim: Simulator; w: Window }> {
    sim = await startSim(dialect, simOpts);
    const w = openWindow(sim, winOpts);
    windows.push(w);
    return { sim, w };
  }

  /**
   * The polling half of a row: two tasks run while `fault` hits list-by-condition `times` times.
   * Returns the window so the row can check what it reported.
   */
  async function pollThrough(
    fault: FaultRule['fault'],
    times: number,
    dialect: 'trueai' | 'relay' = 'trueai',
  ) {
    const { sim, w } = await rig(dialect, {}, { client: { timeoutMs: 400 } });
    sim.addFault({ fault, path: LIST, times });
    await w.service.imagine('a lighthouse at dusk');
    await w.service.imagine('a red fox in snow');
    await allFinal(w);
    assert.deepEqual(
      w.store.list().map((r) => r.task.status),
      ['SUCCESS', 'SUCCESS'],
    );
    await assertNothingLostNoDuplicates(sim, [w], 2);
    return { sim, w };
  }

  /**
   * The submit half of a row where the server took the submit and then the answer broke: one request,
   * an error that says it may have reached the server, and the task found again from the server's list
   * (the "check the task list" the message asks for), not lost and not paid twice.
   */
  async function submitTakenThenBroken(fault: FaultRule['fault'], kind: string) {
    const { sim, w } = await rig('trueai', {}, { client: { timeoutMs: 400 } });
    sim.addFault({ fault, path: IMAGINE, afterForwarding: true });
    const e = await rejects(w.service.imagine('an expensive castle'));
    assert.equal(e.kind, kind);
    assert.equal(e.mayHaveReachedServer, true);
    assert.match(e.message, /check the task list before trying again/);
    assert.equal(w.store.list().length, 0, 'no guessed record');
    assert.equal(submitRequests(sim).length, 1);
    const added = await w.service.adopt(await w.client.listTasks(), undefined);
    assert.equal(added.length, 1);
    await allFinal(w);
    await assertNothingLostNoDuplicates(sim, [w], 1);
  }

  /** The submit half of a row where the server refused before taking it: nothing recorded, not re-sent. */
  async function submitRefused(fault: FaultRule['fault'], kind: string) {
    const { sim, w } = await rig();
    sim.addFault({ fault, path: IMAGINE });
    const e = await rejects(w.service.imagine('a refused castle'));
    assert.equal(e.kind, kind);
    assert.equal(w.store.list().length, 0);
    assert.equal(sim.submitCount(), 0);
    await assertNothingLostNoDuplicates(sim, [w], 1);
    return e;
  }

  /** A poll error is reported once per run of failures, in words without markup. */
  function reportedOnce(w: Window, kind: string): MjError {
    const errs = w.errors.filter((e) => e instanceof MjError) as MjError[];
    assert.equal(errs.length, 1, `reported: ${errs.map((e) => e.message).join(' | ')}`);
    assert.equal(errs[0]?.kind, kind);
    assert.doesNotMatch(errs[0]?.message ?? '', /</);
    return errs[0] as MjError;
  }

  describe('429 with Retry-After', () => {
    it('a rate-limited poll waits as long as asked, then every task finishes', async () => {
      const { sim, w } = await pollThrough({ kind: 'status', status: 429, retryAfter: 1 }, 1);
      const [limited, next] = listRequests(sim);
      assert.ok(limited && next);
      assert.ok(next.time - limited.time >= 990, `asked again after ${next.time - limited.time} ms`);
      assert.equal(w.errors.length, 0, 'one 429 within the wait we honour is not an error to show');
    });

    it('a rate-limited submit is refused with the wait and never re-sent', async () => {
      const e = await submitRefused({ kind: 'status', status: 429, retryAfter: 7 }, 'rateLimited');
      assert.equal(e.retryAfterSeconds, 7);
      assert.equal(e.mayHaveReachedServer, false);
    });
  });

  describe('500', () => {
    it('polling through a run of 500s reports one server error and loses nothing', async () => {
      const { w } = await pollThrough({ kind: 'status', status: 500 }, 6);
      reportedOnce(w, 'server');
    });

    it('a 500 on submit is shown and not re-sent', async () => {
      await submitRefused({ kind: 'status', status: 500 }, 'server');
    });
  });

  describe('502 with an HTML page', () => {
    it('polling through gateway pages reports server trouble in words, not the page', async () => {
      const { w } = await pollThrough({ kind: 'status', status: 502, html: true }, 6);
      reportedOnce(w, 'server');
    });

    it('a 502 page after the server took the submit: one submit, the task found again', async () => {
      await submitTakenThenBroken({ kind: 'status', status: 502, html: true }, 'server');
    });
  });

  describe('503', () => {
    it('polling through 503s reports one server error and loses nothing', async () => {
      const { w } = await pollThrough({ kind: 'status', status: 503 }, 6);
      reportedOnce(w, 'server');
    });

    it('a 503 on submit is shown and not re-sent', async () => {
      await submitRefused({ kind: 'status', status: 503 }, 'server');
    });
  });

  describe('connection reset', () => {
    it('polling through resets reports one network error and loses nothing', async () => {
      const { w } = await pollThrough({ kind: 'reset' }, 6);
      reportedOnce(w, 'network');
    });

    it('a reset after the server took the submit: one submit, the task found again', async () => {
      await submitTakenThenBroken({ kind: 'reset' }, 'network');
    });
  });

  describe('a stalled response (timeout)', () => {
    it('a stalled poll times out, is asked again, and every task finishes', async () => {
      const { w } = await pollThrough({ kind: 'stall' }, 6);
      reportedOnce(w, 'timeout');
    });

    it('a stalled submit times out once: one submit, the task found again', async () => {
      await submitTakenThenBroken({ kind: 'stall' }, 'timeout');
    });
  });

  describe('malformed JSON', () => {
    it('polling through truncated JSON reports server trouble and loses nothing', async () => {
      // The client does not retry a 200 it cannot read; the poller asks again after its backoff.
      const { w } = await pollThrough({ kind: 'malformed' }, 1);
      reportedOnce(w, 'server');
    });

    it('truncated JSON after the server took the submit: one submit, the task found again', async () => {
      await submitTakenThenBroken({ kind: 'malformed' }, 'server');
    });
  });

  describe('an unknown status', () => {
    it('is kept and shown as it is, still polled, and the other tasks finish', async () => {
      const { sim, w } = await rig();
      const weird = await w.service.imagine('a kite --sim-status WEIRD');
      const plain = await w.service.imagine('a kite');
      const weirdId = weird.record.task.id;
      await until(
        () =>
          w.store.get(weirdId)?.task.status === 'WEIRD' &&
          w.store.get(plain.record.task.id)?.task.status === 'SUCCESS',
        10_000,
        'WEIRD and SUCCESS',
      );
      assert.equal(statusWords('WEIRD'), 'Unknown status "WEIRD"');
      assert.deepEqual(w.poller.trackedIds(), [weirdId], 'an unknown status is not final: still polled');
      assert.equal(w.errors.length, 0);
      await assertNothingLostNoDuplicates(sim, [w], 2);
    });
  });

  describe('fetch answering 200 with an empty body and 204', () => {
    for (const [dialect, answer] of [
      ['novicezk', '200 with an empty body'],
      ['trueai', '204'],
    ] as const) {
      it(`${dialect} (${answer}): an id the server does not know is reported once and kept`, async () => {
        const { sim, w } = await rig(dialect);
        await w.store.add({
          task: {
            id: '1700000000000999',
            action: 'IMAGINE',
            status: 'SUBMITTED',
            prompt: '',
            promptEn: '',
            description: '',
            state: '',
            buttons: [],
          },
          origin: { kind: 'track' },
          createdAt: Date.now(),
          updatedAt: Date.now(),
        });
        w.poller.track('1700000000000999');
        const real = await w.service.imagine('a quiet harbour');
        await until(() => w.store.get(real.record.task.id)?.task.status === 'SUCCESS', 10_000, 'SUCCESS');
        await until(() => w.errors.length > 0, 5000, 'the lost report');
        // Left out of the list answer, fetched alone once (the empty answer), then asked in the list.
        const fetches = sim.requests.filter((r) => r.path === '/mj/task/1700000000000999/fetch');
        assert.equal(fetches.length, 1);
        const asked = listRequests(sim).filter((r) => JSON.stringify(r.body).includes('1700000000000999'));
        assert.ok(asked.length >= 3, `listed ${asked.length} times`);
        const e = reportedOnce(w, 'notFound');
        assert.match(e.message, /no longer knows task 1700000000000999/);
        assert.equal(
          w.store.get('1700000000000999')?.task.status,
          'SUBMITTED',
          'kept, never invented a status',
        );
        await assertNothingLostNoDuplicates(sim, [w], 1);
      });
    }
  });

  describe('400 task_not_found (the relay sends task_no_found)', () => {
    it('the relay\u2019s 400 for an unknown id is read as "no such task", not as an error per tick', async () => {
      const { sim, w } = await rig('relay');
      const raw = await fetch(`${sim.url}/mj/task/1700000000000998/fetch`, {
        headers: { authorization: `Bearer ${sim.key}` },
      });
      assert.equal(raw.status, 400);
      assert.match(
        await raw.text(),
        /task_no_found/,
        'what the simulator sends, in the relay\u2019s spelling',
      );
      await w.store.add({
        task: {
          id: '1700000000000998',
          action: 'IMAGINE',
          status: 'SUBMITTED',
          prompt: '',
          promptEn: '',
          description: '',
          state: '',
          buttons: [],
        },
        origin: { kind: 'track' },
        createdAt: Date.now(),
        updatedAt: Date.now(),
      });
      w.poller.track('1700000000000998');
      const real = await w.service.imagine('a quiet harbour');
      await until(() => w.store.get(real.record.task.id)?.task.status === 'SUCCESS', 10_000, 'SUCCESS');
      await until(() => w.errors.length > 0, 5000, 'the lost report');
      const e = reportedOnce(w, 'notFound');
      assert.match(e.message, /1700000000000998/);
      assert.ok(w.store.get('1700000000000998'), 'kept');
      await assertNothingLostNoDuplicates(sim, [w], 1);
    });
  });

  describe('a relay whose status lags 15 s (scaled to 1.5 s)', () => {
    it('reads status "" first, then catches up; nothing lost, the finish is seen', async () => {
      const lag = 1500;
      const { sim, w } = await rig('relay', { speed: 1200, relayLagMs: lag });
      let seenDoneAt = 0;
      w.store.onDidChange(() => {
        if (!seenDoneAt && w.store.list()[0]?.task.status === 'SUCCESS') seenDoneAt = Date.now();
      });
      const { record } = await w.service.imagine('a lagging relay');
      const id = record.task.id;
      await until(() => w.store.get(id)?.task.status === 'SUCCESS', 15_000, 'SUCCESS');
      const seen = w.statuses.get(id) ?? [];
      // Ours at submit, the relay's empty row while it lags, then its (late) copy of the real states.
      assert.equal(seen[0], 'SUBMITTED');
      assert.equal(seen[1], '', `statuses: ${JSON.stringify(seen)}`);
      assert.equal(seen.at(-1), 'SUCCESS');
      assert.ok(seen.indexOf('') < seen.indexOf('SUCCESS'));
      assert.deepEqual(w.errors, [], 'a lagging row is not an error');
      // The relay shows SUCCESS `lag` after the real finish; we see it within a lag target of that.
      const shown = (sim.finishedAt(id) ?? 0) + lag;
      assert.ok(seenDoneAt - shown < 1000, `seen ${seenDoneAt - shown} ms after the relay showed it`);
      await assertNothingLostNoDuplicates(sim, [w], 1);
    });
  });

  describe('two windows at once', () => {
    /** How many times a task was asked about, summed over every list request (one tick asks each once). */
    function asks(s: Simulator): number {
      return listRequests(s).reduce((n, r) => n + (r.body as { ids: string[] }).ids.length, 0);
    }

    /** Window 0 starts three tasks and closes; windows A and B open over the same globalState. */
    async function twoWindows(withLease: boolean) {
      sim = await startSim('trueai', { speed: 2500 });
      const kv = new MemoryKv();
      const first = openWindow(sim, { kv });
      for (const p of ['one', 'two', 'three']) await first.service.imagine(`window zero ${p}`);
      await first.dispose();
      // Past the simulator's queue: a task first seen queued is polled only every 6 s, whatever the window.
      await new Promise((r) => setTimeout(r, 100));
      const lease = (owner: string) => (withLease ? { lease: new PollLease({ kv, owner }) } : {});
      const a = openWindow(sim, { kv, poller: lease('A') });
      const b = openWindow(sim, { kv, poller: lease('B') });
      windows.push(a, b);
      const late = await b.service.imagine('window B while both are open');
      await allFinal(a, 15_000);
      await allFinal(b, 15_000);
      // Focusing a window re-reads globalState (Studio does it on onDidChangeWindowState).
      a.store.refresh();
      b.store.refresh();
      // Both windows see every task, in its final state.
      for (const w of [a, b]) assert.equal(w.store.list().length, 4);
      assert.ok(a.store.get(late.record.task.id), 'A sees B\u2019s task');
      await assertNothingLostNoDuplicates(sim, [a, b], 4);
      const polls = listRequests(sim).length + sim.requests.filter((r) => r.path.endsWith('/fetch')).length;
      return { polls, asks: asks(sim), a, b };
    }

    it('both see every task; with the poll lease one window polls for both (no 2\u00d7 storm)', async () => {
      const shared = await twoWindows(true);
      for (const w of windows) await w.dispose();
      windows = [];
      await sim?.close();
      const storm = await twoWindows(false);
      // Measured, not assumed: without coordination both windows ask about the same tasks every tick.
      const per = (r: typeof storm) => `A ${r.a.reads.lists} + B ${r.b.reads.lists}`;
      console.log(
        `      two windows: list requests ${per(storm)} = ${storm.polls} (${storm.asks} task asks) without the ` +
          `lease; ${per(shared)} = ${shared.polls} (${shared.asks}) with it`,
      );
      // Without coordination both windows poll the tasks they both resumed, tick after tick: a 2x storm.
      assert.ok(storm.a.reads.lists >= 3 && storm.b.reads.lists >= 3, `the storm is measured: ${per(storm)}`);
      assert.ok(storm.asks > shared.asks, `storm ${storm.asks} asks vs shared ${shared.asks}`);
      // With the lease one window polls for both, including the task the other window started.
      assert.equal(Math.min(shared.a.reads.lists, shared.b.reads.lists), 0, per(shared));
    });
  });

  describe('a window reload while tasks run', () => {
    // Core half; the real reload (Developer: Reload Window) is test/ui/faults.ui.test.ts.
    it('a new window over the same globalState resumes polling and sees the finish', async () => {
      sim = await startSim('trueai', { speed: 2000 });
      const kv = new MemoryKv();
      const before = openWindow(sim, { kv });
      const { record } = await before.service.imagine('running across a reload');
      await until(() => listRequests(sim as Simulator).length > 0, 5000, 'a first poll');
      await before.dispose();
      assert.notEqual(
        before.store.get(record.task.id)?.task.status,
        'SUCCESS',
        'still running at the reload',
      );
      const reloadedAt = Date.now();
      const after = openWindow(sim, { kv });
      windows.push(after);
      assert.deepEqual(after.poller.trackedIds(), [record.task.id], 'resumed from the store');
      await allFinal(after);
      assert.ok(
        listRequests(sim).some((r) => r.time >= reloadedAt),
        'polled by the new window',
      );
      await assertNothingLostNoDuplicates(sim, [after], 1);
    });
  });

  describe('an expired image link', () => {
    // Core half; that the panel shows the local copy is test/integration/faults.itest.ts.
    it('the copy taken at SUCCESS outlives the link; a poll after expiry keeps it', async () => {
      const { sim, w } = await rig('trueai', { imageTtlMs: 800 });
      const { record } = await w.service.imagine('a link that expires');
      const id = record.task.id;
      await allFinal(w);
      const url = w.store.get(id)?.task.imageUrl ?? '';
      const copy = await downloadImage(url);
      assert.equal(copy.ext, 'png');
      await w.store.update(id, (r) => ({ ...r, localImage: `/cache/${id}.png` }));
      await until(() => Date.now() > (sim.finishedAt(id) ?? 0) + 900, 3000, 'expiry');
      // Nothing to re-download from any more: the server answers 403, said in words.
      const e = await rejects(downloadImage(url));
      assert.match(e.message, /403/);
      // The server still names the dead link; merging its answer must not drop the local copy.
      const served = await w.client.fetchTask(id);
      assert.ok(served);
      await w.store.applyServerTask({ ...served, progress: 100 });
      assert.equal(w.store.get(id)?.localImage, `/cache/${id}.png`);
      await assertNothingLostNoDuplicates(sim, [w], 1);
    });
  });
});
