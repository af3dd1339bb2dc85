import * as assert from 'node:assert/strict';
import { startSimulator, type Dialect, type Simulator } from '../../sim/server';
import { call, download, imagine, pngSize, PNG_SIGNATURE, TINY_PNG, waitFor } from './simHelpers';

const SUB = '/v1/dashboard/billing/subscription';
const USAGE = '/v1/dashboard/billing/usage';

describe('Simulator: billing and edits', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ speed: 150, relayLagMs: 0, maxRunning: 100 });
  });
  after(() => sim.close());
  beforeEach(() => sim.reset());

  it('relay: the balance starts at the option and drops by the price for each task that succeeds', async () => {
    await sim.close();
    sim = await startSimulator({
      speed: 150,
      relayLagMs: 0,
      dialect: 'relay',
      balanceUsd: 10,
      taskPriceUsd: 0.05,
    });
    const sub = await call(sim, 'GET', SUB);
    assert.equal(sub.status, 200, sub.text);
    assert.equal(sub.json.hard_limit_usd, 10);
    assert.equal((await call(sim, 'GET', USAGE)).json.total_usage, 0);

    const ok1 = await imagine(sim, 'a fox');
    const ok2 = await imagine(sim, 'a lighthouse');
    const failed = await imagine(sim, 'a storm --sim-fail');
    // Still running: nothing charged yet.
    assert.equal((await call(sim, 'GET', USAGE)).json.total_usage, 0);
    for (const id of [ok1, ok2, failed]) await waitFor(sim, id);
    // Two successes at 5 cents each; the failure is free. Usage is in cents, like new-api.
    assert.equal((await call(sim, 'GET', USAGE)).json.total_usage, 10);
    // The price and limit can be tuned at run time.
    sim.configure({ balanceUsd: 2, taskPriceUsd: 0.5 });
    assert.equal((await call(sim, 'GET', SUB)).json.hard_limit_usd, 2);
    assert.equal((await call(sim, 'GET', USAGE)).json.total_usage, 100);
  });

  it('relay: billing needs the key (Bearer), like every relay endpoint', async () => {
    sim.setDialect('relay');
    const r = await call(sim, 'GET', SUB, undefined, { auth: { authorization: 'Bearer wrong' } });
    assert.equal(r.status, 401);
    const ok = await call(sim, 'GET', SUB, undefined, { auth: { authorization: `Bearer ${sim.key}` } });
    assert.equal(ok.status, 200);
  });

  for (const dialect of ['trueai', 'novicezk'] as Dialect[]) {
    it(`${dialect}: has no billing API (404)`, async () => {
      sim.setDialect(dialect);
      assert.equal((await call(sim, 'GET', SUB)).status, 404);
      assert.equal((await call(sim, 'GET', USAGE)).status, 404);
    });
  }

  for (const dialect of ['trueai', 'relay'] as Dialect[]) {
    it(`${dialect}: /submit/edits makes one EDIT task with a single picture`, async () => {
      sim.setDialect(dialect);
      const r = await call(sim, 'POST', '/mj/submit/edits', { prompt: 'make it snow', image: TINY_PNG });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.code, 1, r.text);
      const id = String(r.json.result);
      assert.equal(sim.submitCount(), 1);
      const t = await waitFor(sim, id);
      assert.equal(t.status, 'SUCCESS');
      assert.equal(t.action, 'EDIT');
      assert.equal(t.prompt, 'make it snow');
      assert.ok(t.imageUrl, 'a finished edit has an image');
      const img = await download(t.imageUrl);
      assert.equal(img.status, 200);
      assert.ok(img.bytes.subarray(0, 8).equals(PNG_SIGNATURE));
      // One picture (768 px on the long side), not a 2x2 grid of 512.
      assert.equal(Math.max(pngSize(img.bytes).width, pngSize(img.bytes).height), 768);
    });

    it(`${dialect}: /submit/edits refuses a missing prompt or image and creates nothing`, async () => {
      sim.setDialect(dialect);
      const noPrompt = await call(sim, 'POST', '/mj/submit/edits', { image: TINY_PNG });
      const badImage = await call(sim, 'POST', '/mj/submit/edits', { prompt: 'x', image: 'not an image' });
      for (const r of [noPrompt, badImage]) {
        if (dialect === 'relay') assert.equal(r.status, 400, r.text);
        else assert.equal(r.json.code, 4, r.text);
      }
      assert.equal(sim.submitCount(), 0);
    });
  }

  it('edits accepts an http(s) image link', async () => {
    sim.setDialect('trueai');
    const r = await call(sim, 'POST', '/mj/submit/edits', {
      prompt: 'add a moon',
      image: 'https://cdn.example/picture.png',
    });
    assert.equal(r.json.code, 1, r.text);
  });

  it('novicezk: has no /submit/edits (404)', async () => {
    sim.setDialect('novicezk');
    const r = await call(sim, 'POST', '/mj/submit/edits', { prompt: 'x', image: TINY_PNG });
    assert.equal(r.status, 404);
    assert.equal(sim.submitCount(), 0);
  });
});
