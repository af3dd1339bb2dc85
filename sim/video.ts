// Video: POST /mj/submit/video (trueai, relay; API.md §1) and the video "CDN" under /sim-videos/.
// A video task makes four short WebM clips (sim/webm.ts) served once the task succeeded; an upscale of
// one clip (the `video_virtual_upscale` button) makes one bigger clip. The clips' URLs in a task view are
// dialect.ts's (videoFields), so that the task view needs nothing of this file.
import type { SimCore, SimRequest } from './core';
import { relayError, submitResult } from './dialect';
import type { SimResponse } from './dialect';
import { hashString, sizeFor } from './png';
import { aspectOf, scheduledEnd, snapshot } from './tasks';
import type { SimTask } from './tasks';
import { makeWebm } from './webm';

const DATA_URL = /^data:image\/[\w.+-]+;base64,[A-Za-z0-9+/=\s]+$/;
const HTTP_URL = /^https?:\/\/\S+$/;

/** Clips of a video made from a picture of this aspect: long edge 256, so a clip is ~150 KB. */
export function videoSize(aspect: string | undefined, longest = 256): { width: number; height: number } {
  return sizeFor(aspect, longest);
}

/** POST /submit/video `{prompt, motion, image, endImage?, loop?}` or `{action: "extend", taskId, index}`. */
export function submitVideo(core: SimCore, req: SimRequest): SimResponse {
  const b = (req.body !== null && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
  const refuse = (description: string, relay: string): SimResponse =>
    core.dialect === 'relay' ? relayError(relay) : submitResult(core.dialect, { code: 4, description });
  const motion = b.motion === undefined ? 'low' : b.motion;
  if (motion !== 'low' && motion !== 'high') return refuse('motion参数错误', 'motion_is_invalid');
  if (b.loop !== undefined && typeof b.loop !== 'boolean') return refuse('loop参数错误', 'loop_is_invalid');
  const prompt = typeof b.prompt === 'string' ? b.prompt.trim() : '';
  const image = typeof b.image === 'string' ? b.image.trim() : '';
  const endImage = typeof b.endImage === 'string' ? b.endImage.trim() : '';
  const validImage = (s: string): boolean => DATA_URL.test(s) || HTTP_URL.test(s);
  if (endImage && !validImage(endImage)) return refuse('endImage格式错误', 'end_image_is_invalid');
  let parent: SimTask | undefined;
  if (b.action !== undefined) {
    if (b.action !== 'extend') return refuse('action参数错误', 'action_is_invalid');
    const taskId = typeof b.taskId === 'string' ? b.taskId : typeof b.task_id === 'string' ? b.task_id : '';
    if (!taskId) return refuse('taskId不能为空', 'task_id_is_required');
    const index = b.index;
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index > 3)
      return refuse('index参数错误', 'index_is_invalid');
    parent = core.tasks.get(taskId);
    if (!parent) {
      if (core.dialect === 'relay') return relayError('task_no_found');
      return submitResult(core.dialect, { code: 3, description: '关联任务不存在或已失效', status: 404 });
    }
    if (core.statusOf(parent) !== 'SUCCESS' || !parent.video || index >= parent.video.count)
      return refuse('关联任务状态错误', 'task_status_not_success');
  } else {
    if (!prompt) return refuse('prompt不能为空', 'prompt_is_required');
    if (!image) return refuse('image不能为空', 'image_is_required');
    if (!validImage(image)) return refuse('image格式错误', 'image_is_invalid');
  }
  // trueai (Dto/SubmitVideoDTO.cs): batchSize 1|2|4 clips (default 4), videoType 480p or 720p.
  let count = 4;
  if (core.dialect === 'trueai') {
    if (b.batchSize !== undefined) {
      if (b.batchSize !== 1 && b.batchSize !== 2 && b.batchSize !== 4) return refuse('batchSize参数错误', '');
      count = b.batchSize;
    }
    if (b.videoType !== undefined && b.videoType !== 'vid_1.1_i2v_480' && b.videoType !== 'vid_1.1_i2v_720')
      return refuse('videoType参数错误', '');
  }
  const finalPrompt = prompt || parent?.prompt || '';
  const refusal = core.refuse(finalPrompt);
  if (refusal) return refusal;
  const size = parent?.video
    ? { width: parent.video.width, height: parent.video.height }
    : videoSize(aspectOf(finalPrompt));
  const t = core.createTask({
    action: 'VIDEO',
    relayAction: 'VIDEO',
    prompt: finalPrompt,
    description: parent ? `/video extend ${parent.id} ${Number(b.index)}` : `/video ${finalPrompt}`,
    imageKind: 'none',
    buttonsKind: 'video',
    mode: req.mode,
    parentId: parent?.id,
    index: parent ? Number(b.index) : undefined,
    video: { count, ...size },
  });
  t.seed = hashString(`${image.slice(0, 4096)}|${finalPrompt}|${String(motion)}|${t.id}`);
  core.applyLateBan(t);
  return core.accepted(t);
}

const clips = new Map<string, Buffer>();

/** GET /sim-videos/<taskId>/<n>.webm: the clip, once the task succeeded (404 before, like a CDN). */
export function serveVideo(core: SimCore, path: string): SimResponse {
  const m = /^\/sim-videos\/(\d+)\/(\d)\.webm$/.exec(path);
  const t = m ? core.tasks.get(m[1] ?? '') : undefined;
  const n = Number(m?.[2]);
  if (!t?.video || n >= t.video.count || snapshot(t, Date.now()).status !== 'SUCCESS') return { status: 404 };
  const end = scheduledEnd(t);
  if (end !== undefined && Date.now() - end >= core.tuning.imageTtlMs) return { status: 403 };
  // Clips differ in length (1-2 s) so the four of a task are not the same file; cached by shape.
  const spec = { width: t.video.width, height: t.video.height, frames: 8 + 2 * n, frameMs: 125 };
  const key = `${spec.width}x${spec.height}x${spec.frames}`;
  let clip = clips.get(key);
  if (!clip) {
    clip = makeWebm(spec);
    clips.set(key, clip);
  }
  return {
    status: 200,
    headers: { 'content-type': 'video/webm', 'content-length': String(clip.length) },
    body: clip,
  };
}
