import * as assert from 'node:assert/strict';
import { POLL_LEASE_KEY, PollLease } from '../../src/core/tasks/pollLease';
import type { Simulator } from '../../sim/server';
import type { Window } from './faultRig';
import {
  MemoryKv,
  allFinal,
  assertNothingLostNoDuplicates,
  listRequests,
  openWindow,
  startSim,
  until,
} from './faultRig';

describe('PollLease', () => {
  let clock = 1000;
  const now = (): number => clock;
  const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

  beforeEach(() => {
    clock = 1000;
  });

  it('one window holds it; the other is refused until it expires or is released', async () => {
    const kv = new MemoryKv();
    const a = new PollLease({ kv, owner: 'A', ttlMs: 100, now });
    const b = new PollLease({ kv, owner: 'B', ttlMs: 100, now });
    assert.equal(a.acquire(), true);
    await tick();
    assert.equal(b.acquire(), false);
    assert.equal(a.acquire(), true, 'the holder renews');
    await tick();
    clock += 99;
    assert.equal(b.acquire(), false, 'renewed at 1000, fresh until 1100');
    clock += 2;
    assert.equal(b.acquire(), true, 'a holder that stopped renewing is replaced');
    await tick();
    assert.equal(a.acquire(), false);
    a.release();
    await tick();
    assert.equal(kv.get<{ owner: string }>(POLL_LEASE_KEY)?.owner, 'B', 'only the holder can release');
    b.release();
    await tick();
    assert.equal(kv.get(POLL_LEASE_KEY), undefined);
    assert.equal(a.acquire(), true);
  });

  it('a malformed value in the shared store counts as no lease', async () => {
    const kv = new MemoryKv();
    await kv.update(POLL_LEASE_KEY, { owner: 42 });
    assert.equal(new PollLease({ kv, owner: 'A', now }).acquire(), true);
  });
});

describe('Poller with a lease (two windows, one simulator)', function () {
  this.timeout(30_000);
  let sim: Simulator | undefined;
  const windows: Window[] = [];

  afterEach(async () => {
    for (const w of windows.splice(0)) await w.dispose();
    await sim?.close();
  });

  it('when the polling window closes mid-run, the other takes over and nothing is lost', async () => {
    sim = await startSim('trueai', { speed: 2500 });
    const kv = new MemoryKv();
    const a = openWindow(sim, { kv, poller: { lease: new PollLease({ kv, owner: 'A' }) } });
    const b = openWindow(sim, { kv, poller: { lease: new PollLease({ kv, owner: 'B' }) } });
    windows.push(b);
    await a.service.imagine('started in A');
    await b.service.imagine('started in B');
    await until(() => listRequests(sim as Simulator).length >= 3, 5000, 'polling');
    assert.equal(new PollLease({ kv, owner: 'probe' }).holder(), 'A');
    const before = listRequests(sim).length;
    await a.dispose();
    await until(() => new PollLease({ kv, owner: 'probe' }).holder() === 'B', 3000, 'B takes over');
    await allFinal(b, 15_000);
    assert.ok(listRequests(sim).length > before, 'B polled after A closed');
    await assertNothingLostNoDuplicates(sim, [b], 2);
  });
});
