// Injected faults, the request log, the /__sim control endpoints and the CLI.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { parseFault } from '../../sim/cli';
import { startSimulator } from '../../sim/server';
import type { Fault, Simulator } from '../../sim/server';
import { call, fetchTask, imagine, waitFor } from './simHelpers';

describe('simulator: faults, request log, controls', function () {
  this.timeout(15_000);
  let sim: Simulator;
  beforeEach(async () => {
    sim = await startSimulator({ speed: 200, queueMs: 10 });
  });
  afterEach(async () => sim.close());

  const fetchPath = '/mj/task/1/fetch';
  const withFault = (fault: Fault): Promise<Response> => {
    sim.addFault({ fault, path: '/mj/task/' });
    return fetch(sim.url + fetchPath, { headers: { authorization: sim.key }, redirect: 'manual' });
  };

  it('status with Retry-After, JSON by default, an nginx HTML page, or a given body', async () => {
    const r = await withFault({ kind: 'status', status: 429, retryAfter: 7 });
    assert.equal(r.status, 429);
    assert.equal(r.headers.get('retry-after'), '7');
    assert.equal(((await r.json()) as { code: number }).code, 429);
    const html = await withFault({ kind: 'status', status: 502, html: true });
    assert.equal(html.status, 502);
    assert.match(html.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await html.text(), /<title>502 Bad Gateway<\/title>[\s\S]*nginx/);
    const body = await withFault({ kind: 'status', status: 503, body: 'maintenance' });
    assert.deepEqual([body.status, await body.text()], [503, 'maintenance']);
  });

  it('reset, malformed, empty, 204, redirect, slow', async () => {
    await assert.rejects(withFault({ kind: 'reset' }));
    const bad = await withFault({ kind: 'malformed' });
    assert.equal(bad.status, 200);
    await assert.rejects(bad.json());
    const empty = await withFault({ kind: 'empty' });
    assert.deepEqual([empty.status, await empty.text()], [200, '']);
    assert.equal((await withFault({ kind: 'noContent' })).status, 204);
    const moved = await withFault({ kind: 'redirect', location: 'https://elsewhere.example/x' });
    assert.deepEqual([moved.status, moved.headers.get('location')], [302, 'https://elsewhere.example/x']);
    const t0 = Date.now();
    const slow = await withFault({ kind: 'slow', ms: 150 });
    assert.ok(Date.now() - t0 >= 140);
    assert.equal(slow.status, 204, 'answered normally afterwards (unknown id on trueai)');
  });

  it('stall: no answer until close(), which ends the socket', async () => {
    sim.addFault({ fault: { kind: 'stall' } });
    const pending = fetch(sim.url + fetchPath, { headers: { authorization: sim.key } });
    let settled = false;
    void pending.then(
      () => (settled = true),
      () => (settled = true),
    );
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(settled, false);
    await sim.close();
    await assert.rejects(pending);
  });

  it('afterForwarding: the submit creates the task, then the fault answers', async () => {
    sim.addFault({
      fault: { kind: 'status', status: 500 },
      method: 'POST',
      path: '/mj/submit/imagine',
      afterForwarding: true,
    });
    const r = await call(sim, 'POST', '/mj-fast/mj/submit/imagine', { prompt: 'expensive' });
    assert.equal(r.status, 500);
    assert.equal(sim.submitCount(), 1);
    assert.equal(sim.taskIds().length, 1);
    const id = sim.taskIds()[0] ?? '';
    assert.equal((await waitFor(sim, id)).status, 'SUCCESS');
    sim.addFault({ fault: { kind: 'status', status: 500 }, path: '/mj/submit/imagine' });
    assert.equal((await call(sim, 'POST', '/mj/submit/imagine', { prompt: 'x' })).status, 500);
    assert.equal(sim.submitCount(), 1, 'without afterForwarding the request is not processed');
  });

  it('rules match by method and path (string prefix or RegExp) and count down', async () => {
    sim.addFault({ fault: { kind: 'status', status: 503 }, method: 'POST', times: 2 });
    sim.addFault({ fault: { kind: 'status', status: 418 }, path: /\/fetch$/, times: Infinity });
    assert.equal((await call(sim, 'GET', fetchPath)).status, 418);
    assert.equal((await call(sim, 'POST', '/mj/submit/imagine', { prompt: 'a' })).status, 503);
    assert.equal((await call(sim, 'POST', '/mj/submit/imagine', { prompt: 'a' })).status, 503);
    assert.equal((await call(sim, 'POST', '/mj/submit/imagine', { prompt: 'a' })).status, 200);
    assert.equal((await call(sim, 'GET', fetchPath)).status, 418);
    sim.clearFaults();
    assert.equal((await call(sim, 'GET', fetchPath)).status, 204);
  });

  it('records every request with lower-case headers, parsed or raw body, and query', async () => {
    await call(sim, 'POST', '/mj/submit/imagine', { prompt: 'a' }, { auth: { authorization: 'wrong' } });
    await fetch(`${sim.url}/mj/task/list?x=1`, { method: 'GET', headers: { 'Mj-Api-Secret': sim.key } });
    await fetch(`${sim.url}/mj/submit/imagine`, {
      method: 'POST',
      body: 'not json',
      headers: { authorization: sim.key },
    });
    await fetch(`${sim.url}/__sim/info`);
    const [a, b, c] = sim.requests;
    assert.equal(sim.requests.length, 3, 'control requests are not recorded');
    assert.deepEqual(
      [a?.seq, a?.method, a?.path, a?.headers.authorization],
      [1, 'POST', '/mj/submit/imagine', 'wrong'],
    );
    assert.deepEqual(a?.body, { prompt: 'a' });
    assert.deepEqual([b?.query, b?.headers['mj-api-secret']], ['x=1', sim.key]);
    assert.equal(c?.body, 'not json');
    sim.clearRequests();
    assert.equal(sim.requests.length, 0);
  });

  it('patchTask and the task template override the served JSON', async () => {
    const id = await imagine(sim, 'a');
    sim.patchTask(id, { status: 'WEIRD', prompt: '<img src=x onerror=alert(1)>' });
    const t = await fetchTask(sim, id);
    assert.deepEqual([t.status, t.prompt], ['WEIRD', '<img src=x onerror=alert(1)>']);
    const hostile = [
      { customId: 'MJ::JOB::upsample::1::h', label: '<script>x</script>', emoji: '', type: 2, style: 2 },
    ];
    sim.setTaskTemplate({ buttons: hostile });
    const next = await waitFor(sim, await imagine(sim, 'b'));
    assert.deepEqual(next.buttons, hostile);
    const press = await call(sim, 'POST', '/mj/submit/action', {
      taskId: next.id,
      customId: 'MJ::JOB::upsample::1::h',
    });
    assert.equal(press.json.code, 1, 'a customId the (patched) task offers is accepted');
  });

  it('HTTP controls: faults, dialect, speed, template, patch-task, config, tasks, requests, reset', async () => {
    const ctl = async (method: string, p: string, body?: unknown) => {
      const r = await fetch(sim.url + p, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: r.status, json: (await r.json()) as unknown };
    };
    await ctl('POST', '/__sim/faults', {
      fault: { kind: 'status', status: 500 },
      path: '/mj/task/',
      times: 'Infinity',
    });
    assert.equal((await call(sim, 'GET', fetchPath)).status, 500);
    assert.equal((await call(sim, 'GET', fetchPath)).status, 500);
    await ctl('DELETE', '/__sim/faults');
    assert.equal((await ctl('POST', '/__sim/dialect', { dialect: 'novicezk' })).status, 200);
    assert.equal(sim.dialect, 'novicezk');
    assert.equal((await ctl('POST', '/__sim/dialect', { dialect: 'nope' })).status, 400);
    await ctl('POST', '/__sim/speed', { speed: 100 });
    await ctl('POST', '/__sim/config', { bannedWords: ['cat'] });
    assert.equal((await call(sim, 'POST', '/mj/submit/imagine', { prompt: 'a cat' })).json.code, 24);
    await ctl('POST', '/__sim/template', { patch: { state: 'from-template' } });
    const id = await imagine(sim, 'a dog');
    assert.equal((await ctl('POST', '/__sim/patch-task', { id, patch: { progress: '55%' } })).status, 200);
    const t = await fetchTask(sim, id);
    assert.deepEqual([t.state, t.progress], ['from-template', '55%']);
    const tasks = (await ctl('GET', '/__sim/tasks')).json as Array<{ id: string; finishedAt: number | null }>;
    assert.deepEqual(
      tasks.map((x) => x.id),
      [id],
    );
    const reqs = (await ctl('GET', '/__sim/requests')).json as unknown[];
    assert.equal(reqs.length, sim.requests.length);
    await ctl('POST', '/__sim/reset');
    assert.deepEqual([sim.taskIds().length, sim.requests.length, sim.dialect], [0, 0, 'trueai']);
  });

  it('CLI: --fault specs, and the startup lines', async () => {
    assert.deepEqual(parseFault('429:5,method=post,path=/mj/submit,times=2'), {
      fault: { kind: 'status', status: 429, html: false, retryAfter: 5 },
      method: 'POST',
      path: '/mj/submit',
      times: 2,
    });
    assert.deepEqual(parseFault('502html'), { fault: { kind: 'status', status: 502, html: true } });
    assert.deepEqual(parseFault('reset,times=inf,after'), {
      fault: { kind: 'reset' },
      times: Infinity,
      afterForwarding: true,
    });
    assert.deepEqual(parseFault('redirect:http://127.0.0.1:9/x').fault, {
      kind: 'redirect',
      location: 'http://127.0.0.1:9/x',
    });
    assert.throws(() => parseFault('bogus'));

    const cli = path.join(__dirname, '..', '..', 'sim', 'cli.js');
    const child = spawn(process.execPath, [
      cli,
      '--port',
      '0',
      '--key',
      'k1',
      '--dialect',
      'relay',
      '--quiet',
    ]);
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (/Dialect: /.test(out)) resolve();
        });
        child.on('exit', () => reject(new Error(`cli exited: ${out}`)));
      });
      const url = /^Midjourney-proxy simulator listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out)?.[1];
      assert.ok(url, out);
      assert.match(out, /^API key: k1$/m);
      assert.match(out, /^Dialect: relay$/m);
      const r = await fetch(`${url}/mj/submit/imagine`, {
        method: 'POST',
        headers: { authorization: 'Bearer k1', 'content-type': 'application/json' },
        body: JSON.stringify({ prompt: 'from the cli' }),
      });
      assert.equal(((await r.json()) as { code: number }).code, 1);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
