// The simulator's task lifecycle, images and submit codes, driven over HTTP with plain fetch.
import * as assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { startSimulator } from '../../sim/server';
import type { SimOptions, Simulator } from '../../sim/server';
import { PNG_SIGNATURE, TINY_PNG, call, download, fetchTask, imagine, pngSize, waitFor } from './simHelpers';

describe('simulator: task lifecycle and images', function () {
  this.timeout(15_000);
  let sim: Simulator;
  const start = async (o: SimOptions = {}): Promise<Simulator> =>
    (sim = await startSimulator({ speed: 300, queueMs: 30, ...o }));
  afterEach(async () => sim?.close());

  it('imagine → NOT_START → progress → SUCCESS with a PNG grid, U1 → a single upscale', async () => {
    await start({ speed: 600, queueMs: 60 });
    const id = await imagine(sim, 'a lighthouse at dusk');
    assert.match(id, /^\d{16}$/);
    const first = await fetchTask(sim, id);
    assert.equal(first.status, 'NOT_START');
    const seen = new Set<string>();
    const done = await waitFor(sim, id, (t) => {
      seen.add(`${t.status} ${t.progress}`);
      return t.status === 'SUCCESS';
    });
    assert.ok(
      [...seen].some((s) => /^IN_PROGRESS \d+%$/.test(s)),
      [...seen].join(', '),
    );
    assert.ok(seen.has('SUBMITTED 0%'), [...seen].join(', '));
    assert.equal(done.progress, '100%');
    assert.equal(done.properties.finalPrompt, 'a lighthouse at dusk');
    assert.ok(typeof done.finishTime === 'number' && typeof done.startTime === 'number');
    assert.equal(sim.finishedAt(id), done.finishTime);
    const labels = (done.buttons ?? []).map((b) => b.label || b.emoji);
    assert.deepEqual(labels, ['U1', 'U2', 'U3', 'U4', '🔄', 'V1', 'V2', 'V3', 'V4']);

    const img = await download(done.imageUrl ?? '');
    assert.equal(img.status, 200);
    assert.equal(img.type, 'image/png');
    assert.ok(img.bytes.subarray(0, 8).equals(PNG_SIGNATURE));
    assert.deepEqual(pngSize(img.bytes), { width: 512, height: 512 });

    const u1 = done.buttons?.find((b) => b.label === 'U1');
    const act = await call(sim, 'POST', '/mj/submit/action', { taskId: id, customId: u1?.customId });
    assert.equal(act.json.code, 1, act.text);
    const up = await waitFor(sim, String(act.json.result));
    assert.equal(up.status, 'SUCCESS');
    assert.equal(up.action, 'UPSCALE');
    assert.equal(up.parentId, id);
    assert.equal(up.prompt, 'a lighthouse at dusk');
    assert.ok(up.buttons?.some((b) => b.customId.startsWith('MJ::CustomZoom::')));
    assert.ok(up.buttons?.some((b) => /^MJ::JOB::upsample_v6_2x_subtle::1::.+::SOLO$/.test(b.customId)));
    const single = await download(up.imageUrl ?? '');
    assert.deepEqual(pngSize(single.bytes), { width: 768, height: 768 });

    const list = await call(sim, 'POST', '/mj/task/list-by-condition', { ids: [id, up.id, '999'] });
    assert.deepEqual((list.json as unknown as TaskIds).map((t) => t.id).sort(), [id, up.id].sort());
    const all = await call(sim, 'GET', '/mj/task/list');
    assert.deepEqual(
      (all.json as unknown as TaskIds).map((t) => t.id),
      [up.id, id],
    );
    assert.equal(sim.submitCount(), 2);
  });

  type TaskIds = Array<{ id: string }>;

  it('different prompts give different pictures; previews are small PNGs that vanish at the end', async () => {
    await start({ speed: 800, queueMs: 10 });
    const a = await imagine(sim, 'a red fox --ar 3:2');
    const b = await imagine(sim, 'a glass teapot');
    const running = await waitFor(sim, a, (t) => t.status === 'IN_PROGRESS' && !!t.imageUrl);
    assert.match(running.imageUrl ?? '', /\/preview-\d+\.png$/);
    const preview = await download(running.imageUrl ?? '');
    assert.equal(preview.status, 200);
    assert.ok(pngSize(preview.bytes).width <= 128);
    const [ta, tb] = [await waitFor(sim, a), await waitFor(sim, b)];
    const [ia, ib] = [await download(ta.imageUrl ?? ''), await download(tb.imageUrl ?? '')];
    assert.ok(!ia.bytes.equals(ib.bytes));
    assert.deepEqual(pngSize(ia.bytes), { width: 512, height: 342 });
    assert.equal((await download(running.imageUrl ?? '')).status, 404);
  });

  it('a grid has four distinct quadrants around a light gutter', async () => {
    await start();
    const t = await waitFor(sim, await imagine(sim, 'four quadrants'));
    const img = PNG.sync.read((await download(t.imageUrl ?? '')).bytes);
    const px = (x: number, y: number): number[] => [
      ...img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 3),
    ];
    assert.deepEqual(px(256, 100), [236, 236, 236], 'vertical gutter');
    assert.deepEqual(px(100, 256), [236, 236, 236], 'horizontal gutter');
    const mean = (x0: number, y0: number): string => {
      const sum = [0, 0, 0];
      for (let y = y0 + 40; y < y0 + 240; y += 4)
        for (let x = x0 + 40; x < x0 + 240; x += 4) px(x, y).forEach((v, i) => (sum[i] = (sum[i] ?? 0) + v));
      return sum.map((v) => Math.round(v / 2500)).join(',');
    };
    const quads = new Set([mean(0, 0), mean(260, 0), mean(0, 260), mean(260, 260)]);
    assert.equal(quads.size, 4, [...quads].join(' | '));
  });

  it('image links expire with imageTtlMs (403 with an XML body)', async () => {
    await start({ imageTtlMs: 200 });
    const t = await waitFor(sim, await imagine(sim, 'a paper boat'));
    assert.equal((await download(t.imageUrl ?? '')).status, 200);
    await new Promise((r) => setTimeout(r, 250));
    const gone = await download(t.imageUrl ?? '');
    assert.equal(gone.status, 403);
    assert.match(gone.bytes.toString(), /<Error><Code>AccessDenied/);
  });

  it('prompt flags: --sim-fail, --sim-status WEIRD, --sim-stall', async () => {
    await start();
    const fail = await imagine(sim, 'x --sim-fail');
    const weird = await imagine(sim, 'y --sim-status WEIRD');
    const stall = await imagine(sim, 'z --sim-stall');
    const f = await waitFor(sim, fail);
    assert.equal(f.status, 'FAILURE');
    assert.equal(f.progress, '');
    assert.match(String(f.failReason), /Unrecognized parameter\(s\): `--sim-fail`/);
    await new Promise((r) => setTimeout(r, 400));
    assert.equal((await fetchTask(sim, weird)).status, 'WEIRD');
    const s = await fetchTask(sim, stall);
    assert.deepEqual([s.status, s.progress], ['IN_PROGRESS', '46%']);
    assert.equal(sim.finishedAt(stall), undefined);
  });

  it('codes: 4 for an empty prompt and bad base64, 22 when busy, 9 when the queue is full', async () => {
    await start({ maxRunning: 1, queueLimit: 3 });
    const empty = await call(sim, 'POST', '/mj/submit/imagine', { prompt: '  ' });
    assert.deepEqual([empty.json.code, empty.json.description], [4, 'prompt不能为空']);
    const bad = await call(sim, 'POST', '/mj/submit/imagine', { prompt: 'a', base64Array: ['nope'] });
    assert.deepEqual([bad.json.code, bad.json.description], [4, 'base64格式错误']);
    const ok = await call(sim, 'POST', '/mj/submit/imagine', { prompt: 'a', base64Array: [TINY_PNG] });
    assert.equal(ok.json.code, 1);
    const queued = await call(sim, 'POST', '/mj/submit/imagine', { prompt: 'b' });
    assert.equal(queued.json.code, 22);
    assert.equal((queued.json.properties as Record<string, unknown>).numberOfQueues, 1);
    await call(sim, 'POST', '/mj/submit/imagine', { prompt: 'c' });
    const full = await call(sim, 'POST', '/mj/submit/imagine', { prompt: 'd' });
    assert.deepEqual([full.json.code, full.json.result], [9, null]);
    assert.equal(sim.submitCount(), 3);
  });

  it('banned words: trueai fails the task later, novicezk answers 24 at once', async () => {
    await start();
    const t = await waitFor(sim, await imagine(sim, 'lots of gore'));
    assert.equal(t.status, 'FAILURE');
    assert.match(String(t.failReason), /^Banned prompt detected/);
    sim.setDialect('novicezk');
    const r = await call(sim, 'POST', '/mj/submit/imagine', { prompt: 'a BannedWord here' });
    assert.equal(r.json.code, 24);
    assert.equal((r.json.properties as Record<string, unknown>).bannedWord, 'bannedword');
    assert.equal(sim.submitCount(), 1);
  });

  it('blend, describe (PicReader buttons → MODAL imagine), shorten, image-seed, cancel', async () => {
    await start();
    const one = await call(sim, 'POST', '/mj/submit/blend', { base64Array: [TINY_PNG] });
    assert.equal(one.json.code, 4);
    const bl = await call(sim, 'POST', '/mj/submit/blend', {
      base64Array: [TINY_PNG, TINY_PNG],
      dimensions: 'PORTRAIT',
    });
    const blended = await waitFor(sim, String(bl.json.result));
    assert.equal(blended.action, 'BLEND');
    assert.deepEqual(pngSize((await download(blended.imageUrl ?? '')).bytes), { width: 342, height: 512 });

    const ds = await call(sim, 'POST', '/mj/submit/describe', { base64: TINY_PNG });
    const described = await waitFor(sim, String(ds.json.result));
    assert.match(String(described.description), /^1️⃣ .+\n\n2️⃣ .+\n\n3️⃣ .+\n\n4️⃣ .+$/);
    const pick = described.buttons?.find((b) => b.customId === 'MJ::Job::PicReader::2');
    const modal = await call(sim, 'POST', '/mj/submit/action', {
      taskId: described.id,
      customId: pick?.customId,
    });
    assert.equal(modal.json.code, 21);
    assert.match(String((modal.json.properties as Record<string, unknown>).finalPrompt), /--ar 1:1$/);

    const sh = await call(sim, 'POST', '/mj/submit/shorten', {
      prompt: 'a very long and flowery prompt about a cat',
    });
    const shortened = await waitFor(sim, String(sh.json.result));
    assert.equal(shortened.imageUrl, null);
    assert.equal(shortened.buttons?.length, 5);
    assert.match(String(shortened.description), /5️⃣ /);

    const seed = await call(sim, 'GET', `/mj/task/${blended.id}/image-seed`);
    assert.equal(seed.json.code, 1);
    assert.match(String(seed.json.result), /^\d+$/);
    assert.equal((await call(sim, 'GET', '/mj/task/1/image-seed')).status, 404);

    const slow = await imagine(sim, 'to be cancelled');
    assert.equal((await call(sim, 'POST', `/mj/task/${slow}/cancel`)).status, 200);
    const c = await fetchTask(sim, slow);
    assert.deepEqual([c.status, c.failReason], ['FAILURE', '取消任务']);
  });

  it('mode prefixes are recorded; unknown ids: trueai 204, novicezk 200 empty', async () => {
    await start();
    const r = await call(sim, 'POST', '/mj-relax/mj/submit/imagine', { prompt: 'slow boat' });
    assert.equal((await fetchTask(sim, String(r.json.result))).mode, 'RELAX');
    assert.equal((await call(sim, 'GET', '/mj/task/1234567890123456/fetch')).status, 204);
    sim.setDialect('novicezk');
    const nz = await call(sim, 'GET', '/mj/task/1234567890123456/fetch');
    assert.deepEqual([nz.status, nz.text], [200, '']);
  });
});
