/**
 * MjClient against the local simulator over real loopback sockets: whole flows per dialect, and the
 * no-duplicate-submit rule under faults injected after the simulator already created the task.
 */
import * as assert from 'node:assert/strict';
import { MjClient } from '../../src/core/api/client';
import type { MjClientOptions } from '../../src/core/api/client';
import { isFinal } from '../../src/core/model/types';
import type { Task } from '../../src/core/model/types';
import { startSimulator } from '../../sim/server';
import type { Dialect, SimOptions, Simulator } from '../../sim/server';
import { rejects } from './testUtils';

/** Poll one task until it is final (or MODAL), as the poller would. */
async function until(client: MjClient, id: string, done = (t: Task) => isFinal(t.status)): Promise<Task> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const t = await client.fetchTask(id);
    if (t && done(t)) return t;
    if (Date.now() > deadline) assert.fail(`task ${id} still ${t?.status} ${t?.progress}`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

describe('MjClient against the simulator', function () {
  this.timeout(30_000);
  let sim: Simulator | undefined;
  let client: MjClient | undefined;

  async function start(dialect: Dialect, opts: SimOptions = {}, copts: Partial<MjClientOptions> = {}) {
    sim = await startSimulator({ dialect, speed: 400, queueMs: 20, relayLagMs: 0, ...opts });
    client = new MjClient({
      baseUrl: sim.url,
      apiKey: sim.key,
      authHeader: dialect === 'novicezk' ? 'mj-api-secret' : 'Authorization',
      retry: { baseDelayMs: 10, maxDelayMs: 50 },
      ...copts,
    });
    return { sim, client };
  }

  afterEach(async () => {
    await client?.close();
    await sim?.close();
    client = undefined;
    sim = undefined;
  });

  const imagines = (s: Simulator): number =>
    s.requests.filter((r) => r.path.endsWith('/submit/imagine')).length;

  it('trueai: imagine → poll → SUCCESS → U1 → upscale SUCCESS', async () => {
    const { client } = await start('trueai');
    const sub = await client.imagine({ prompt: 'a lighthouse at dusk --ar 3:2' });
    assert.ok([1, 22].includes(sub.code));
    const grid = await until(client, sub.taskId);
    assert.equal(grid.status, 'SUCCESS');
    assert.equal(grid.progress, 100);
    assert.match(grid.imageUrl ?? '', /^http/);
    const u1 = grid.buttons.find((b) => /^MJ::JOB::upsample::1::/.test(b.customId));
    assert.ok(u1, `no U1 in ${JSON.stringify(grid.buttons)}`);
    const up = await client.action({ taskId: grid.id, customId: u1.customId });
    assert.equal(up.needsModal, false);
    const single = await until(client, up.taskId);
    assert.equal(single.status, 'SUCCESS');
    assert.equal(single.action, 'UPSCALE');
    const both = await client.listByCondition([grid.id, single.id]);
    assert.deepEqual(both.map((t) => t.id).sort(), [grid.id, single.id].sort());
  });

  it('trueai: Custom Zoom goes through the modal', async () => {
    const { client } = await start('trueai');
    const grid = await until(client, (await client.imagine({ prompt: 'a red fox' })).taskId);
    const u2 = grid.buttons.find((b) => /upsample::2::/.test(b.customId));
    assert.ok(u2);
    const single = await until(
      client,
      (await client.action({ taskId: grid.id, customId: u2.customId })).taskId,
    );
    const zoom = single.buttons.find((b) => b.customId.startsWith('MJ::CustomZoom::'));
    assert.ok(zoom, `no Custom Zoom in ${JSON.stringify(single.buttons)}`);
    const waiting = await client.action({ taskId: single.id, customId: zoom.customId });
    assert.equal(waiting.needsModal, true);
    assert.equal(typeof waiting.finalPrompt, 'string');
    assert.equal((await client.fetchTask(waiting.taskId))?.status, 'MODAL');
    const started = await client.modal({ taskId: waiting.taskId, prompt: 'a red fox --zoom 1.5' });
    assert.equal(started.taskId, waiting.taskId);
    const done = await until(client, started.taskId);
    assert.equal(done.status, 'SUCCESS');
  });

  it('relay with remix on: a variation answered with code 1 is detected as MODAL', async () => {
    const { client } = await start('relay', { remix: true });
    const grid = await until(client, (await client.imagine({ prompt: 'a green hill' })).taskId);
    const v1 = grid.buttons.find((b) => /^MJ::JOB::variation::1::/.test(b.customId));
    assert.ok(v1);
    const res = await client.action({ taskId: grid.id, customId: v1.customId });
    assert.equal(res.code, 1, 'the relay rewrites 21 to 1');
    assert.equal(res.needsModal, true);
  });

  it('novicezk: mj-api-secret auth, change U1, and the "already exists" answer for a second U1', async () => {
    const { sim, client } = await start('novicezk');
    const grid = await until(client, (await client.imagine({ prompt: 'a blue car' })).taskId);
    const up = await client.change({ taskId: grid.id, action: 'UPSCALE', index: 1 });
    const e = await rejects(client.change({ taskId: grid.id, action: 'UPSCALE', index: 1 }));
    assert.equal(e.code, 21);
    assert.equal(e.taskId, up.taskId);
    assert.ok(sim.requests.every((r) => r.headers['mj-api-secret'] === sim.key));
    assert.equal(await client.fetchTask('1234567890123999'), undefined);
  });

  it('a wrong key → auth error', async () => {
    const { client } = await start('trueai', {}, { apiKey: 'wrong' });
    assert.equal((await rejects(client.imagine({ prompt: 'x' }))).kind, 'auth');
  });

  it('reads are retried through 502 pages and resets', async () => {
    const { sim, client } = await start('trueai');
    const id = (await client.imagine({ prompt: 'a boat' })).taskId;
    sim.addFault({ fault: { kind: 'status', status: 502, html: true }, path: '/mj/task/', times: 1 });
    sim.addFault({ fault: { kind: 'reset' }, path: '/mj/task/', times: 1 });
    const t = await client.fetchTask(id);
    assert.equal(t?.id, id);
    assert.equal(sim.requests.filter((r) => r.path.includes(`/task/${id}/fetch`)).length, 3);
  });

  const faults: Array<[string, Parameters<Simulator['addFault']>[0]['fault'], string]> = [
    ['reset', { kind: 'reset' }, 'network'],
    ['502 HTML', { kind: 'status', status: 502, html: true }, 'server'],
    ['stall', { kind: 'stall' }, 'timeout'],
    ['malformed', { kind: 'malformed' }, 'server'],
  ];
  for (const [name, fault, kind] of faults) {
    it(`no duplicate submit: ${name} after the server took /submit/imagine`, async () => {
      const { sim, client } = await start('trueai', {}, { timeoutMs: 400 });
      sim.addFault({ fault, path: '/mj/submit/imagine', afterForwarding: true, times: Infinity });
      const e = await rejects(client.imagine({ prompt: 'expensive' }));
      assert.equal(e.kind, kind);
      assert.equal(e.mayHaveReachedServer, true);
      assert.match(e.message, /check the task list before trying again/);
      assert.equal(imagines(sim), 1);
      assert.equal(sim.submitCount(), 1);
    });
  }

  it('rate limited submit (429 with Retry-After) is not re-sent and says how long to wait', async () => {
    const { sim, client } = await start('relay');
    sim.addFault({ fault: { kind: 'status', status: 429, retryAfter: 12 }, path: '/mj/submit/imagine' });
    const e = await rejects(client.imagine({ prompt: 'x' }));
    assert.equal(e.kind, 'rateLimited');
    assert.equal(e.retryAfterSeconds, 12);
    assert.equal(e.mayHaveReachedServer, false);
    assert.equal(imagines(sim), 1);
  });

  it('a redirect from the server is not followed', async () => {
    const { sim, client } = await start('trueai');
    sim.addFault({
      fault: { kind: 'redirect', location: 'https://elsewhere.example/mj/task/x/fetch' },
      path: '/mj/task/',
    });
    const e = await rejects(client.fetchTask('x'));
    assert.equal(e.kind, 'config');
    assert.equal(sim.requests.length, 1);
  });
});
