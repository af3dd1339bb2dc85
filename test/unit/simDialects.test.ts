// The three dialects: auth and 401 forms, which endpoints exist, modal flows, relay lag and rewrites.
import * as assert from 'node:assert/strict';
import { startSimulator } from '../../sim/server';
import type { Dialect, SimOptions, Simulator } from '../../sim/server';
import { TINY_PNG, call, fetchTask, imagine, waitFor } from './simHelpers';
import type { TaskJson } from './simHelpers';

describe('simulator: dialects', function () {
  this.timeout(15_000);
  let sim: Simulator;
  const start = async (dialect: Dialect, o: SimOptions = {}): Promise<Simulator> =>
    (sim = await startSimulator({ dialect, speed: 250, queueMs: 20, relayLagMs: 0, ...o }));
  afterEach(async () => sim?.close());

  const submit = (body: unknown, auth: Record<string, string>) =>
    call(sim, 'POST', '/mj/submit/imagine', body, { auth });

  it('trueai auth: Authorization verbatim or Mj-Api-Secret; 401 text otherwise', async () => {
    await start('trueai');
    assert.equal((await submit({ prompt: 'a' }, { authorization: 'sim-key' })).status, 200);
    assert.equal((await submit({ prompt: 'a' }, { 'mj-api-secret': 'sim-key' })).status, 200);
    const bearer = await submit({ prompt: 'a' }, { authorization: 'Bearer sim-key' });
    assert.deepEqual([bearer.status, bearer.text], [401, 'Authorization header missing.']);
    assert.equal((await submit({ prompt: 'a' }, {})).status, 401);
  });

  it('relay auth: Bearer, bare or sk- key, mj-api-secret fallback; 401 JSON new_api_error', async () => {
    await start('relay');
    const auths: Array<Record<string, string>> = [
      { authorization: 'Bearer sim-key' },
      { authorization: 'sim-key' },
      { authorization: 'Bearer sk-sim-key' },
      { 'mj-api-secret': 'sim-key' },
    ];
    for (const auth of auths) {
      assert.equal((await submit({ prompt: 'a' }, auth)).status, 200, JSON.stringify(auth));
    }
    const bad = await submit({ prompt: 'a' }, { authorization: 'Bearer nope' });
    assert.equal(bad.status, 401);
    assert.equal((bad.json.error as Record<string, unknown>).type, 'new_api_error');
  });

  it('novicezk auth: only mj-api-secret; 401 with an empty body', async () => {
    await start('novicezk');
    assert.equal((await submit({ prompt: 'a' }, { 'mj-api-secret': 'sim-key' })).status, 200);
    const bad = await submit({ prompt: 'a' }, { authorization: 'sim-key' });
    assert.deepEqual([bad.status, bad.text], [401, '']);
  });

  it('anyKey accepts any non-empty key, and the key stays in the request record', async () => {
    await start('trueai', { anyKey: true });
    assert.equal((await submit({ prompt: 'a' }, { authorization: 'whatever' })).status, 200);
    assert.equal((await submit({ prompt: 'a' }, { authorization: ' ' })).status, 401);
    assert.equal(sim.requests[0]?.headers.authorization, 'whatever');
  });

  it('novicezk: change U/V/R and simple-change, "already exists" for a second U1, no buttons, no action', async () => {
    await start('novicezk');
    const grid = await waitFor(sim, await imagine(sim, 'a blue car'));
    assert.equal(grid.buttons, undefined);
    const u = await call(sim, 'POST', '/mj/submit/change', { taskId: grid.id, action: 'UPSCALE', index: 2 });
    assert.equal(u.json.code, 1);
    assert.equal(typeof u.json.result, 'string');
    const again = await call(sim, 'POST', '/mj/submit/simple-change', { content: `${grid.id} U2` });
    assert.deepEqual([again.json.code, again.json.result], [21, u.json.result]);
    const r = await call(sim, 'POST', '/mj/submit/change', { taskId: grid.id, action: 'REROLL' });
    assert.equal(r.json.code, 1);
    const up = await waitFor(sim, String(u.json.result));
    assert.deepEqual([up.action, up.description], ['UPSCALE', `/up ${grid.id} U2`]);
    const noIdx = await call(sim, 'POST', '/mj/submit/change', { taskId: grid.id, action: 'VARIATION' });
    assert.equal(noIdx.json.code, 4);
    const gone = await call(sim, 'POST', '/mj/submit/change', { taskId: '42', action: 'UPSCALE', index: 1 });
    assert.deepEqual([gone.status, gone.json.code], [200, 3]);
    const act = await call(sim, 'POST', '/mj/submit/action', { taskId: grid.id, customId: 'x' });
    assert.equal(act.status, 404);
  });

  it('trueai: no /submit/change; action errors: 404 code 3, state 4, unknown customId 4', async () => {
    await start('trueai');
    assert.equal(
      (await call(sim, 'POST', '/mj/submit/change', { taskId: '1', action: 'UPSCALE', index: 1 })).status,
      404,
    );
    const id = await imagine(sim, 'a cat');
    const early = await call(sim, 'POST', '/mj/submit/action', {
      taskId: id,
      customId: 'MJ::JOB::upsample::1::x',
    });
    assert.deepEqual([early.json.code, early.json.description], [4, '关联任务状态错误']);
    await waitFor(sim, id);
    const gone = await call(sim, 'POST', '/mj/submit/action', {
      taskId: '7',
      customId: 'MJ::JOB::upsample::1::x',
    });
    assert.deepEqual([gone.status, gone.json.code], [404, 3]);
    const unknown = await call(sim, 'POST', '/mj/submit/action', {
      taskId: id,
      customId: 'MJ::JOB::upsample::1::other',
    });
    assert.deepEqual([unknown.json.code, unknown.json.description], [4, '未知的 Action 类型']);
  });

  async function upscaled(): Promise<TaskJson> {
    const grid = await waitFor(sim, await imagine(sim, 'a red fox'));
    const u = grid.buttons?.find((b) => b.label === 'U3');
    const r = await call(sim, 'POST', '/mj/submit/action', { taskId: grid.id, customId: u?.customId });
    return waitFor(sim, String(r.json.result));
  }

  const press = (t: TaskJson, label: string, extra: Record<string, unknown> = {}) =>
    call(sim, 'POST', '/mj/submit/action', {
      taskId: t.id,
      customId: t.buttons?.find((b) => b.label === label || b.emoji === label)?.customId,
      ...extra,
    });

  it('Custom Zoom: code 21 + MODAL task, modal needs --zoom 1..2, then it runs', async () => {
    await start('trueai');
    const up = await upscaled();
    const r = await press(up, 'Custom Zoom');
    assert.equal(r.json.code, 21);
    assert.equal(r.json.description, 'Waiting for window confirm');
    assert.deepEqual(r.json.properties, { finalPrompt: 'a red fox', remix: true });
    const id = String(r.json.result);
    const waiting = await fetchTask(sim, id);
    assert.deepEqual([waiting.status, waiting.parentId], ['MODAL', up.id]);
    await new Promise((res) => setTimeout(res, 350));
    assert.equal((await fetchTask(sim, id)).status, 'MODAL', 'a MODAL task waits for /submit/modal');
    const bad = await call(sim, 'POST', '/mj/submit/modal', { taskId: id, prompt: 'a red fox --zoom 3' });
    assert.equal(bad.json.code, 4);
    const good = await call(sim, 'POST', '/mj/submit/modal', { taskId: id, prompt: 'a red fox --zoom 1.5' });
    assert.deepEqual([good.json.code, good.json.result], [1, id]);
    const done = await waitFor(sim, id);
    assert.deepEqual([done.status, done.action, done.prompt], ['SUCCESS', 'ZOOM', 'a red fox --zoom 1.5']);
  });

  it('Vary (Region): finalPrompt "", the modal needs a PNG mask, which is kept', async () => {
    await start('trueai');
    const up = await upscaled();
    const r = await press(up, 'Vary (Region)');
    assert.equal(r.json.code, 21);
    assert.equal((r.json.properties as Record<string, unknown>).finalPrompt, '');
    const id = String(r.json.result);
    const none = await call(sim, 'POST', '/mj/submit/modal', { taskId: id, prompt: 'a hat' });
    assert.equal(none.json.code, 4);
    const jpeg = await call(sim, 'POST', '/mj/submit/modal', {
      taskId: id,
      maskBase64: 'data:image/jpeg;base64,AAAA',
    });
    assert.equal(jpeg.json.code, 4);
    const ok = await call(sim, 'POST', '/mj/submit/modal', {
      taskId: id,
      prompt: 'a hat',
      maskBase64: TINY_PNG,
    });
    assert.equal(ok.json.code, 1);
    const done = await waitFor(sim, id);
    assert.deepEqual([done.status, done.action, done.maskBase64], ['SUCCESS', 'VARIATION', TINY_PNG]);
    const rec = sim.requests.filter((q) => q.path === '/mj/submit/modal').at(-1);
    assert.equal((rec?.body as Record<string, unknown>).maskBase64, TINY_PNG);
  });

  it('trueai remix: enableRemix makes V1 answer 21 MODAL', async () => {
    await start('trueai');
    const grid = await waitFor(sim, await imagine(sim, 'a tree'));
    const r = await press(grid, 'V1', { enableRemix: true });
    assert.equal(r.json.code, 21);
    assert.equal((await fetchTask(sim, String(r.json.result))).status, 'MODAL');
    assert.equal((await press(grid, 'V2')).json.code, 1);
  });

  it('relay: status "" and 0% until the lag passes, then the lagged view', async () => {
    await start('relay', { relayLagMs: 300, speed: 200, queueMs: 0 });
    const r = await call(sim, 'POST', '/mj/submit/imagine', { prompt: 'a hill' });
    assert.equal(typeof r.json.result, 'number', 'relays print the id as a JSON number');
    const id = String(r.json.result);
    const first = await fetchTask(sim, id);
    assert.deepEqual([first.status, first.progress], ['', '0%']);
    await new Promise((res) => setTimeout(res, 250));
    assert.equal((await fetchTask(sim, id)).status, '', 'still within the lag');
    assert.ok(sim.finishedAt(id), 'the server itself is already done');
    const done = await waitFor(sim, id, (t) => t.status === 'SUCCESS');
    assert.ok(Date.now() - (sim.finishedAt(id) ?? 0) >= 290);
    assert.equal(done.action, 'IMAGINE');
  });

  it('relay: 21 → 1 for remix, kept for Custom Zoom; 22 → 1; errors are HTTP 400 JSON', async () => {
    await start('relay', { remix: true, maxRunning: 0 });
    const queued = await call(sim, 'POST', '/mj/submit/imagine', { prompt: 'a hill' });
    assert.equal(queued.json.code, 1, '22 is rewritten');
    const grid = await waitFor(sim, String(queued.json.result));
    const v = await press(grid, 'V1');
    assert.equal(v.json.code, 1);
    assert.equal(v.json.description, 'Waiting for window confirm');
    assert.equal(
      (await waitFor(sim, String(v.json.result), (t) => t.status === 'MODAL')).action,
      'VARIATION',
    );

    const u = await press(grid, 'U1');
    const up = await waitFor(sim, String(u.json.result));
    const zoom = await press(up, 'Custom Zoom');
    assert.equal(zoom.json.code, 21);
    assert.equal(
      (await waitFor(sim, String(zoom.json.result), (t) => t.status === 'MODAL')).action,
      'CUSTOM_ZOOM',
    );

    const missing = await call(sim, 'GET', '/mj/task/1234/fetch');
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.json, { description: 'task_no_found', type: 'upstream_error', code: 4 });
    const unknown = await call(sim, 'POST', '/mj/submit/action', {
      taskId: grid.id,
      customId: 'MJ::BOOKMARK::1',
    });
    assert.deepEqual([unknown.status, unknown.json.description], [400, 'unknown_action:MJ::BOOKMARK::1']);
    const banned = await call(sim, 'POST', '/mj/submit/imagine', { prompt: 'gore' });
    assert.equal(banned.json.code, 24);
    assert.equal((await call(sim, 'GET', '/mj/task/list')).status, 404);
  });

  it('relay: quota_not_enough once the quota is used; FAILURE reads progress 100%', async () => {
    await start('relay', { quota: 1 });
    const id = await imagine(sim, 'x --sim-fail');
    const no = await call(sim, 'POST', '/mj/submit/imagine', { prompt: 'y' });
    assert.deepEqual([no.status, no.json.description], [400, 'quota_not_enough']);
    const f = await waitFor(sim, id);
    assert.deepEqual([f.status, f.progress], ['FAILURE', '100%']);
    assert.match(String(f.failReason), /^Invalid parameter, /);
  });
});
