// The simulator's video: the WebM writer's structure, POST /mj/submit/video per dialect, the animate and
// video-upscale buttons, and the clips served once a video task succeeded.
import * as assert from 'node:assert/strict';
import { startSimulator } from '../../sim/server';
import type { Simulator } from '../../sim/server';
import { makeWebm, vp8GreyKeyFrame } from '../../sim/webm';
import { TINY_PNG, call, download, imagine, waitFor } from './simHelpers';

interface El {
  id: number;
  start: number;
  end: number;
}

/** Reads one EBML element header at `pos`: id (with marker bits, as written in the spec) and data range. */
function readEl(b: Buffer, pos: number): El {
  const idLen = Math.clz32(b[pos] ?? 0) - 23;
  let id = 0;
  for (let i = 0; i < idLen; i++) id = id * 256 + (b[pos + i] ?? 0);
  const sp = pos + idLen;
  const sizeLen = Math.clz32(b[sp] ?? 0) - 23;
  let size = (b[sp] ?? 0) & (0xff >> sizeLen);
  for (let i = 1; i < sizeLen; i++) size = size * 256 + (b[sp + i] ?? 0);
  return { id, start: sp + sizeLen, end: sp + sizeLen + size };
}

/** The children of a master element; fails unless they tile its data exactly. */
function children(b: Buffer, start: number, end: number): El[] {
  const out: El[] = [];
  let p = start;
  while (p < end) {
    const e = readEl(b, p);
    out.push(e);
    p = e.end;
  }
  assert.equal(p, end, 'children overrun their parent');
  return out;
}

describe('simulator: video', function () {
  this.timeout(15_000);
  let sim: Simulator | undefined;
  afterEach(async () => sim?.close());

  it('writes a WebM whose EBML tree nests exactly, with VP8 key frames of the given size', () => {
    const webm = makeWebm({ width: 200, height: 120, frames: 6, frameMs: 125 });
    const top = children(webm, 0, webm.length);
    assert.deepEqual(
      top.map((e) => e.id),
      [0x1a45dfa3, 0x18538067],
    );
    const docType = children(webm, top[0]!.start, top[0]!.end).find((e) => e.id === 0x4282)!;
    assert.equal(webm.subarray(docType.start, docType.end).toString(), 'webm');
    const seg = children(webm, top[1]!.start, top[1]!.end);
    const info = children(webm, seg[0]!.start, seg[0]!.end);
    const dur = info.find((e) => e.id === 0x4489)!;
    assert.equal(webm.readDoubleBE(dur.start), 750);
    const cluster = seg.find((e) => e.id === 0x1f43b675)!;
    const blocks = children(webm, cluster.start, cluster.end).filter((e) => e.id === 0xa3);
    assert.equal(blocks.length, 6);
    const times = blocks.map((e) => webm.readInt16BE(e.start + 1));
    assert.deepEqual(times, [0, 125, 250, 375, 500, 625]);
    const frame = webm.subarray(blocks[0]!.start + 4, blocks[0]!.end);
    assert.equal(frame[0]! & 1, 0, 'key frame');
    assert.deepEqual([...frame.subarray(3, 6)], [0x9d, 0x01, 0x2a]);
    assert.equal(frame.readUInt16LE(6), 200);
    assert.equal(frame.readUInt16LE(8), 120);
    const firstPartition = (frame[0]! | (frame[1]! << 8) | (frame[2]! << 16)) >> 5;
    assert.ok(10 + firstPartition < frame.length, 'the token partition follows the first');
    assert.throws(() => vp8GreyKeyFrame(0, 10));
  });

  it('trueai: /submit/video with a first frame → 4 playable WebM clips; extend makes a child', async () => {
    sim = await startSimulator({ speed: 200, queueMs: 20 });
    const r = await call(sim, 'POST', '/mj/submit/video', {
      prompt: 'waves roll in --ar 16:9',
      motion: 'high',
      image: TINY_PNG,
      loop: true,
    });
    assert.equal(r.json.code, 1, r.text);
    const id = String(r.json.result);
    const before = await call(sim, 'GET', `/sim-videos/${id}/0.webm`, undefined, { auth: false });
    assert.equal(before.status, 404, 'no clip before SUCCESS');
    const done = await waitFor(sim, id);
    assert.equal(done.status, 'SUCCESS');
    assert.equal(done.action, 'VIDEO');
    const urls = (done.videoUrls as { url: string }[]).map((u) => u.url);
    assert.equal(urls.length, 4);
    assert.equal(done.videoUrl, urls[0]);
    const clip = await download(urls[3]!);
    assert.equal(clip.status, 200);
    assert.equal(clip.type, 'video/webm');
    assert.equal(clip.bytes.readUInt32BE(0), 0x1a45dfa3);
    const labels = (done.buttons as { customId: string }[]).map((b) => b.customId);
    assert.deepEqual(
      labels,
      [1, 2, 3, 4].map((i) => `MJ::JOB::video_virtual_upscale::${i}::${id}`),
    );

    const ext = await call(sim, 'POST', '/mj/submit/video', {
      action: 'extend',
      taskId: id,
      index: 2,
      motion: 'low',
    });
    assert.equal(ext.json.code, 1, ext.text);
    const child = await waitFor(sim, String(ext.json.result));
    assert.equal(child.parentId, id);
    assert.equal(child.prompt, 'waves roll in --ar 16:9', 'an extend keeps the prompt');
    const bad = await call(sim, 'POST', '/mj/submit/video', { action: 'extend', taskId: id, index: 4 });
    assert.equal(bad.json.code, 4);
    const up = await call(sim, 'POST', '/mj/submit/action', { taskId: id, customId: labels[1] });
    assert.equal(up.json.code, 1, up.text);
    const upTask = await waitFor(sim, String(up.json.result));
    assert.equal((upTask.videoUrls as unknown[]).length, 1);
  });

  it('validates like the servers: image and motion required forms; relay 400s; novicezk 404', async () => {
    sim = await startSimulator({ speed: 200, queueMs: 20 });
    const noImage = await call(sim, 'POST', '/mj/submit/video', { prompt: 'x', motion: 'low' });
    assert.equal(noImage.json.code, 4);
    const badMotion = await call(sim, 'POST', '/mj/submit/video', {
      prompt: 'x',
      motion: 'fast',
      image: TINY_PNG,
    });
    assert.equal(badMotion.json.code, 4);
    const gone = await call(sim, 'POST', '/mj/submit/video', { action: 'extend', taskId: '1', index: 0 });
    assert.equal(gone.status, 404);
    await sim.close();
    sim = await startSimulator({ speed: 200, dialect: 'relay', relayLagMs: 0 });
    const relay = await call(sim, 'POST', '/mj/submit/video', { prompt: 'x', motion: 'low' });
    assert.equal(relay.status, 400);
    const ok = await call(sim, 'POST', '/mj/submit/video', {
      prompt: 'x',
      image: 'https://example.com/a.png',
    });
    assert.equal(ok.json.code, 1, ok.text);
    await sim.close();
    sim = await startSimulator({ dialect: 'novicezk' });
    const nz = await call(sim, 'POST', '/mj/submit/video', { prompt: 'x', image: TINY_PNG });
    assert.equal(nz.status, 404);
  });

  it('an upscale offers Animate buttons; trueai takes them, the relay answers unknown_action', async () => {
    sim = await startSimulator({ speed: 200, queueMs: 20 });
    const grid = await waitFor(sim, await imagine(sim, 'a red fox'));
    const u1 = (grid.buttons as { customId: string }[])[0]!.customId;
    const up = await waitFor(
      sim,
      String((await call(sim, 'POST', '/mj/submit/action', { taskId: grid.id, customId: u1 })).json.result),
    );
    const animate = (up.buttons as { customId: string }[]).find((b) => b.customId.includes('animate_low'))!;
    const r = await call(sim, 'POST', '/mj/submit/action', { taskId: up.id, customId: animate.customId });
    assert.equal(r.json.code, 1, r.text);
    const video = await waitFor(sim, String(r.json.result));
    assert.equal(video.action, 'VIDEO');
    assert.equal((video.videoUrls as unknown[]).length, 4);
    await sim.close();
    sim = await startSimulator({ speed: 200, dialect: 'relay', relayLagMs: 0 });
    const g2 = await waitFor(sim, await imagine(sim, 'a red fox'));
    const u = (g2.buttons as { customId: string }[])[0]!.customId;
    const up2 = await waitFor(
      sim,
      String((await call(sim, 'POST', '/mj/submit/action', { taskId: g2.id, customId: u })).json.result),
    );
    const a2 = (up2.buttons as { customId: string }[]).find((b) => b.customId.includes('animate_high'))!;
    const r2 = await call(sim, 'POST', '/mj/submit/action', { taskId: up2.id, customId: a2.customId });
    assert.equal(r2.status, 400);
    assert.match(r2.text, /unknown_action/);
  });
});
