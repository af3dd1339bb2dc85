// The pure parts of video: the /submit/video body, clip links, Animate buttons, the button group, the
// panel's messages and its view of the clips; and TaskService's extend against the simulator's request log.
import * as assert from 'node:assert/strict';
import { classifyButton, nameFromCustomId, toViewButtons } from '../../src/core/api/buttons';
import { MjClient } from '../../src/core/api/client';
import { TaskService } from '../../src/core/tasks/taskService';
import { TaskStore } from '../../src/core/tasks/store';
import type { Task } from '../../src/core/model/types';
import {
  animateButtons,
  canAnimate,
  downloadVideo,
  isVideoTask,
  sniffVideoType,
  videoBody,
  videoUrlsOf,
} from '../../src/core/media/video';
import { parseWebviewMessage } from '../../src/shared/protocol';
import type { ViewTask } from '../../src/shared/protocol';
import { videosView } from '../../src/webview/videosView';
import { startSimulator } from '../../sim/server';
import type { Simulator } from '../../sim/server';
import { makeWebm } from '../../sim/webm';
import { TINY_PNG } from './simHelpers';
import { MemoryKv } from './storeFixtures';

const H = 'f79e617d-fbfa-4ad3-8c59-80050990eca4';

function task(over: Partial<Task>): Task {
  return {
    id: '1',
    action: 'UPSCALE',
    status: 'SUCCESS',
    prompt: 'p',
    promptEn: '',
    description: '',
    state: '',
    buttons: [],
    ...over,
  };
}

describe('video: pure parts', () => {
  it('builds /submit/video bodies and refuses what a server must refuse before sending', () => {
    assert.deepEqual(videoBody({ prompt: ' waves ', motion: 'high', image: 'https://x/a.png', loop: true }), {
      prompt: 'waves',
      motion: 'high',
      image: 'https://x/a.png',
      loop: true,
    });
    assert.deepEqual(videoBody({ action: 'extend', taskId: '9', index: 3, motion: 'low' }), {
      action: 'extend',
      taskId: '9',
      index: 3,
      motion: 'low',
    });
    assert.throws(() => videoBody({ prompt: 'x', motion: 'fast' as 'low', image: TINY_PNG }), /low or high/);
    assert.throws(() => videoBody({ prompt: '', motion: 'low', image: TINY_PNG }), /empty/);
    assert.throws(() => videoBody({ prompt: 'x', motion: 'low', image: 'file:///etc/passwd' }), /picture/);
    assert.throws(() => videoBody({ action: 'extend', taskId: '9', index: 4, motion: 'low' }), /1 to 4/);
    assert.throws(() => videoBody({ action: 'extend', taskId: '9', index: 1.5, motion: 'low' }), /1 to 4/);
  });

  it('reads clip links, Animate buttons and video-ness from a task; classifies video buttons', () => {
    const v = task({
      action: 'VIDEO',
      videoUrl: 'https://c/0.webm',
      videoUrls: ['https://c/0.webm', 'https://c/1.webm', 'javascript:x'],
    });
    assert.deepEqual(videoUrlsOf(v), ['https://c/0.webm', 'https://c/1.webm']);
    assert.ok(isVideoTask(v));
    assert.ok(!canAnimate({ ...v, imageUrl: 'https://c/a.png' }), 'a video is not animated again');
    const up = task({
      imageUrl: 'https://c/a.png',
      buttons: [
        { customId: `MJ::JOB::animate_high::1::${H}::SOLO`, label: '', emoji: '🎞️', style: 2 },
        { customId: `MJ::JOB::animate_low::1::${H}::SOLO`, label: '', emoji: '🎞️', style: 2 },
        { customId: `MJ::JOB::low_variation::1::${H}::SOLO`, label: '', emoji: '', style: 2 },
      ],
    });
    assert.ok(canAnimate(up));
    assert.deepEqual(
      animateButtons(up).map((b) => b.motion),
      ['high', 'low'],
    );
    assert.deepEqual(animateButtons({ ...up, status: 'IN_PROGRESS' }), []);
    assert.equal(classifyButton(`MJ::JOB::animate_high::1::${H}::SOLO`), 'video');
    assert.equal(
      classifyButton('MJ::JOB::video_virtual_upscale::2::1795'),
      'video',
      'not the image upscale group',
    );
    assert.equal(nameFromCustomId(`MJ::JOB::animate_low::1::${H}::SOLO`), 'Animate (Low motion)');
    assert.equal(nameFromCustomId('MJ::JOB::animate_high_extend::1::1795'), 'Extend (High motion)');
    assert.deepEqual(
      toViewButtons(up.buttons).map((b) => b.group),
      ['vary', 'video', 'video'],
    );
  });

  it('sniffs WebM and MP4 by their bytes', () => {
    assert.equal(sniffVideoType(makeWebm({ width: 16, height: 16, frames: 1, frameMs: 100 })), 'video/webm');
    assert.equal(sniffVideoType(Buffer.from('\0\0\0\x20ftypisom', 'latin1')), 'video/mp4');
    assert.equal(sniffVideoType(Buffer.from('<html>')), undefined);
  });

  it('accepts only well-formed extendVideo / saveVideo messages', () => {
    assert.deepEqual(
      parseWebviewMessage({ type: 'extendVideo', taskId: '17', index: 2, motion: 'high', path: '/x' }),
      {
        type: 'extendVideo',
        taskId: '17',
        index: 2,
        motion: 'high',
      },
    );
    assert.deepEqual(parseWebviewMessage({ type: 'saveVideo', taskId: '17', index: 0 }), {
      type: 'saveVideo',
      taskId: '17',
      index: 0,
    });
    for (const bad of [
      { type: 'extendVideo', taskId: '17', index: 4, motion: 'low' },
      { type: 'extendVideo', taskId: '17', index: -1, motion: 'low' },
      { type: 'extendVideo', taskId: '17', index: '1', motion: 'low' },
      { type: 'extendVideo', taskId: '17', index: 1, motion: 'medium' },
      { type: 'extendVideo', taskId: '../x', index: 1, motion: 'low' },
      { type: 'saveVideo', taskId: '17', index: 0.5 },
    ]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it("the panel's view lists local clips by index and counts the missing ones; nothing for other tasks", () => {
    const base = {
      id: '5',
      action: 'VIDEO',
      status: 'SUCCESS',
      statusLabel: 'Done',
      running: false,
      prompt: '',
      description: '',
      isPreview: false,
      buttons: [],
    } as ViewTask;
    assert.equal(videosView(base), undefined);
    const view = videosView({
      ...base,
      videoCount: 4,
      videos: [
        { src: 'https://file+.vscode-resource.vscode-cdn.net/v/5-1.webm', index: 0 },
        { src: 'javascript:alert(1)', index: 1 },
        { src: 'https://file+.vscode-resource.vscode-cdn.net/v/5-3.webm', index: 2 },
      ],
    });
    assert.deepEqual(
      view?.items.map((i) => [i.index, i.label]),
      [
        [0, 'Clip 1'],
        [2, 'Clip 3'],
      ],
    );
    assert.equal(view?.missing, 2);
    assert.equal(videosView({ ...base, status: 'IN_PROGRESS', videoCount: 4 }), undefined);
  });
});

describe('video: TaskService and download against the simulator', function () {
  this.timeout(15_000);
  let sim: Simulator | undefined;
  afterEach(async () => sim?.close());

  it('submits one video nested under its picture, then one extend of clip 3; downloads a clip as WebM', async () => {
    sim = await startSimulator({ speed: 150, queueMs: 10 });
    const client = new MjClient({ baseUrl: sim.url, apiKey: sim.key });
    const store = new TaskStore(new MemoryKv());
    const service = new TaskService({ client: () => client, store, track: () => undefined });
    await store.add({
      task: task({ id: 'pic', imageUrl: 'https://x/a.png' }),
      origin: { kind: 'imagine' },
      createdAt: 1,
      updatedAt: 1,
    });
    const made = await service.video('pic', { prompt: 'waves', motion: 'low', image: TINY_PNG });
    assert.equal(made.record.parentId, 'pic');
    assert.equal(made.record.origin.kind, 'video');
    const sent = sim.requests.filter((r) => r.path === '/mj/submit/video');
    assert.equal(sent.length, 1);
    assert.deepEqual(sent[0]!.body, { prompt: 'waves', motion: 'low', image: TINY_PNG });
    const id = made.record.task.id;
    let done: Task | undefined;
    for (let i = 0; i < 50 && done?.status !== 'SUCCESS'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      done = await client.fetchTask(id);
    }
    assert.equal(videoUrlsOf(done!).length, 4);
    await store.applyServerTask(done!);
    const ext = await service.extendVideo(id, 2, 'high');
    assert.equal(ext.record.parentId, id);
    assert.deepEqual(sim.requests.filter((r) => r.path === '/mj/submit/video')[1]!.body, {
      action: 'extend',
      taskId: id,
      index: 2,
      motion: 'high',
    });
    await assert.rejects(service.extendVideo(id, 4, 'high'), /no such clip/);
    assert.equal(
      sim.requests.filter((r) => r.path === '/mj/submit/video').length,
      2,
      'a refused extend sends nothing',
    );
    const clip = await downloadVideo(videoUrlsOf(done!)[1]!);
    assert.equal(clip.ext, 'webm');
    await assert.rejects(
      downloadVideo(videoUrlsOf(done!)[0]!, { maxBytes: 100 }),
      /larger than the download limit/,
    );
    await client.close();
  });
});
