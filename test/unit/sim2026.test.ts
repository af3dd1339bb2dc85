// The simulator as the servers are in late 2026 (API.md "Midjourney in late 2026"): trueai v10+ without
// /submit/change, V8 tasks (no Upscale/Zoom/Pan, four separate pictures), NOT_START/MODAL/CANCEL and the
// numeric statuses, trueai's cancel as FAILURE 取消任务, return codes 23/24/30, and the new routes.
import * as assert from 'node:assert/strict';
import { startSimulator } from '../../sim/server';
import type { Dialect, SimOptions, Simulator } from '../../sim/server';
import { parseFault, simVersionOf } from '../../sim/cli';
import { versionOf } from '../../sim/versions';
import { PNG_SIGNATURE, TINY_PNG, call, download, fetchTask, imagine, pngSize, waitFor } from './simHelpers';
import type { TaskJson } from './simHelpers';

describe('simulator: 2026', function () {
  this.timeout(15_000);
  let sim: Simulator;
  const start = async (dialect: Dialect = 'trueai', o: SimOptions = {}): Promise<Simulator> =>
    (sim = await startSimulator({ dialect, speed: 200, queueMs: 20, relayLagMs: 0, ...o }));
  afterEach(async () => sim?.close());
  const ids = (t: TaskJson): string[] => (t.buttons ?? []).map((b) => b.customId);

  it('trueai answers 404 on /submit/change, /submit/simple-change and /submit/show; the relay keeps /change', async () => {
    await start('trueai');
    const grid = await waitFor(sim, await imagine(sim, 'a red kite'));
    for (const [path, body] of [
      ['/mj/submit/change', { taskId: grid.id, action: 'UPSCALE', index: 1 }],
      ['/mj/submit/simple-change', { content: `${grid.id} U1` }],
      ['/mj/submit/show', { jobId: grid.id }],
    ] as const) {
      assert.equal((await call(sim, 'POST', path, body)).status, 404, path);
    }
    assert.equal(sim.submitCount(), 1, 'no task made by the removed routes');
    sim.setDialect('relay');
    const r = await call(sim, 'POST', '/mj/submit/change', { taskId: grid.id, action: 'UPSCALE', index: 1 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.code, 1);
  });

  it('a V8 grid has Vary and reroll but no Upscale/Zoom/Pan, a version, and four separate PNG pictures with thumbnails', async () => {
    await start('trueai');
    const t = await waitFor(sim, await imagine(sim, 'a glass teapot --v 8.1 --ar 3:2'));
    assert.equal(t.status, 'SUCCESS');
    assert.equal(t.version, '8.1');
    assert.deepEqual(
      ids(t).map((c) => c.replace(/::[0-9a-f-]{36}.*$/, '')),
      [
        'MJ::JOB::reroll::0',
        'MJ::JOB::variation::1',
        'MJ::JOB::variation::2',
        'MJ::JOB::variation::3',
        'MJ::JOB::variation::4',
      ],
    );
    assert.ok(!ids(t).some((c) => /upsample|Outpaint|CustomZoom|pan_/.test(c)));
    const pics = t.imageUrls as Array<{ url: string; thumbnail: string }>;
    assert.equal(pics.length, 4);
    const bodies = await Promise.all(pics.map((p) => download(p.url)));
    for (const b of bodies) {
      assert.equal(b.status, 200);
      assert.equal(b.type, 'image/png');
      assert.ok(b.bytes.subarray(0, 8).equals(PNG_SIGNATURE));
      assert.deepEqual(pngSize(b.bytes), { width: 256, height: 171 });
    }
    assert.equal(new Set(bodies.map((b) => b.bytes.toString('base64'))).size, 4, 'four different pictures');
    const thumb = await download(pics[0]!.thumbnail);
    assert.deepEqual(pngSize(thumb.bytes), { width: 128, height: 86 });
    assert.equal(t.thumbnailUrl, pics[0]!.thumbnail);
    // A variation of picture 2 with `strong` is a V8 grid again.
    const v = await call(sim, 'POST', '/mj/submit/action', {
      taskId: t.id,
      customId: ids(t)[2],
      strong: true,
    });
    assert.equal(v.json.code, 1, v.text);
    const child = await waitFor(sim, String(v.json.result));
    assert.equal(child.version, '8.1');
    assert.equal((child.imageUrls as unknown[]).length, 4);
    const sent = sim.requests.find((r) => r.path === '/mj/submit/action');
    assert.equal((sent?.body as { strong?: unknown } | undefined)?.strong, true);
  });

  it('--sim-version picks what a prompt without --v looks like; the prompt’s own --v wins', async () => {
    await start('trueai', { simVersion: '8.1' });
    const v8 = await waitFor(sim, await imagine(sim, 'a fox'));
    assert.equal(v8.version, '8.1');
    assert.ok(!ids(v8).some((c) => c.includes('upsample')));
    const v6 = await waitFor(sim, await imagine(sim, 'a fox --v 6'));
    assert.equal(v6.imageUrls, undefined);
    assert.ok(ids(v6).some((c) => c.includes('upsample::1')));
    // /__sim/config switches it at run time; a V7 upscale carries the v7 upscale buttons.
    const cfg = await fetch(`${sim.url}/__sim/config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ simVersion: '7' }),
    });
    assert.equal(((await cfg.json()) as { tuning: { simVersion: string } }).tuning.simVersion, '7');
    const v7 = await waitFor(sim, await imagine(sim, 'a fox'));
    const u = ids(v7).find((c) => c.includes('upsample::1'))!;
    const up = await call(sim, 'POST', '/mj/submit/action', { taskId: v7.id, customId: u });
    const upscaled = await waitFor(sim, String(up.json.result));
    assert.ok(
      ids(upscaled).some((c) => /^MJ::JOB::upsample_v7_2x_subtle::1::/.test(c)),
      ids(upscaled).join(),
    );
    assert.equal(simVersionOf('v8.1'), '8.1');
    assert.throws(() => simVersionOf('9'), /--sim-version must be one of/);
    assert.equal(versionOf('a cat --niji 7', '6'), 'niji 7');
  });

  it('statuses NOT_START, MODAL and CANCEL, and trueai’s numeric form 0-7', async () => {
    await start('trueai', { queueMs: 300 });
    const queued = await imagine(sim, 'slow start');
    assert.equal((await fetchTask(sim, queued)).status, 'NOT_START');
    sim.configure({ numericStatus: true });
    assert.equal((await fetchTask(sim, queued)).status, 0);
    sim.configure({ numericStatus: false });
    const cancelled = await waitFor(sim, await imagine(sim, 'gone --sim-cancel'));
    assert.equal(cancelled.status, 'CANCEL');
    sim.configure({ numericStatus: true });
    assert.equal((await fetchTask(sim, cancelled.id)).status, 7);
    const done = await waitFor(sim, queued, (t) => (t.status as unknown) === 5);
    sim.configure({ numericStatus: false, remix: true });
    const v1 = ids(await fetchTask(sim, done.id)).find((c) => c.includes('variation::1'))!;
    const m = await call(sim, 'POST', '/mj/submit/action', { taskId: done.id, customId: v1 });
    assert.equal(m.json.code, 21);
    sim.configure({ numericStatus: true });
    assert.equal((await fetchTask(sim, String(m.json.result))).status, 6);
  });

  it('trueai’s cancel ends the task as FAILURE with failReason 取消任务', async () => {
    await start('trueai', { speed: 3000 });
    const id = await imagine(sim, 'to be cancelled');
    assert.equal((await call(sim, 'POST', `/mj/task/${id}/cancel`)).status, 200);
    const t = await waitFor(sim, id);
    assert.deepEqual([t.status, t.failReason], ['FAILURE', '取消任务']);
  });

  it('return codes 23, 24 (naming the word) and 30 as injectable faults; nothing is created', async () => {
    await start('trueai');
    sim.addFault({ fault: { kind: 'code', code: 23 }, path: '/mj/submit/imagine' });
    sim.addFault({ fault: { kind: 'code', code: 24, bannedWord: 'tulip' }, path: '/mj/submit/imagine' });
    sim.addFault(parseFault('code:30,path=/mj/submit/imagine'));
    const a = await call(sim, 'POST', '/mj/submit/imagine', { prompt: 'a tulip' });
    assert.deepEqual([a.status, a.json.code, a.json.description], [200, 23, '队列已满，请稍后尝试']);
    const b = await call(sim, 'POST', '/mj/submit/imagine', { prompt: 'a tulip' });
    assert.equal(b.json.code, 24);
    assert.equal((b.json.properties as { bannedWord: string }).bannedWord, 'tulip');
    const c = await call(sim, 'POST', '/mj/submit/imagine', { prompt: 'a tulip' });
    assert.deepEqual([c.status, c.json.code], [200, 30]);
    assert.equal(sim.submitCount(), 0);
    sim.setDialect('relay');
    sim.addFault(parseFault('code:30'));
    const r = await call(sim, 'POST', '/mj/submit/imagine', { prompt: 'a tulip' });
    assert.deepEqual([r.status, r.json.code], [429, 30]);
    assert.deepEqual(parseFault('code:24:grass').fault, { kind: 'code', code: 24, bannedWord: 'grass' });
    assert.throws(() => parseFault('code:25'), /23, 24 or 30/);
  });

  it('upload-discord-images, retexture, describe language and video batchSize/videoType on trueai', async () => {
    await start('trueai');
    const up = await call(sim, 'POST', '/mj/submit/upload-discord-images', { base64Array: [TINY_PNG] });
    assert.equal(up.json.code, 1, up.text);
    const [url] = up.json.result as string[];
    const got = await download(url!);
    assert.deepEqual([got.status, got.type], [200, 'image/png']);
    assert.ok(got.bytes.subarray(0, 8).equals(PNG_SIGNATURE));
    const re = await call(sim, 'POST', '/mj/submit/retexture', { prompt: 'in bronze', image: url });
    assert.equal(re.json.code, 1, re.text);
    assert.equal((await waitFor(sim, String(re.json.result))).action, 'RETEXTURE');
    const d = await call(sim, 'POST', '/mj/submit/describe', { base64: TINY_PNG, language: 'zh' });
    assert.equal(d.json.code, 1);
    const v = await call(sim, 'POST', '/mj/submit/video', {
      prompt: 'a wave',
      motion: 'low',
      image: url,
      batchSize: 2,
      videoType: 'vid_1.1_i2v_720',
    });
    const clip = await waitFor(sim, String(v.json.result));
    assert.equal((clip.videoUrls as unknown[]).length, 2);
    const bad = await call(sim, 'POST', '/mj/submit/video', {
      prompt: 'x',
      motion: 'low',
      image: url,
      batchSize: 3,
    });
    assert.equal(bad.json.code, 4);
    sim.setDialect('novicezk');
    assert.equal(
      (
        await call(
          sim,
          'POST',
          '/mj/submit/upload-discord-images',
          { base64Array: [TINY_PNG] },
          { auth: { 'mj-api-secret': sim.key } },
        )
      ).status,
      404,
    );
  });
});
