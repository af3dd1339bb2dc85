// Routing of /mj/* per dialect (which endpoints exist where, API.md §1), the /task/* endpoints, and the
// image "CDN" under /sim-images/ with its previews and expiring links.
import type { SimCore, SimRequest } from './core';
import { json, notFound, relayError, submitResult } from './dialect';
import type { SimResponse } from './dialect';
import { quadrantSeeds, renderGrid, renderPreview, renderSingle } from './png';
import { scheduledEnd, snapshot } from './tasks';
import { submitVideo } from './video';
import { action, blend, change, describe, imagine, modal, shorten } from './submit';
import { edits, retexture, uploadImages } from './extras';

type Handler = (core: SimCore, req: SimRequest, m: RegExpExecArray) => SimResponse;

interface Route {
  method: string;
  re: RegExp;
  /** Dialects that have the endpoint. */
  in: ReadonlyArray<SimCore['dialect']>;
  handle: Handler;
}

const ALL = ['trueai', 'relay', 'novicezk'] as const;

function fetchTask(core: SimCore, _req: SimRequest, m: RegExpExecArray): SimResponse {
  const t = core.tasks.get(m[1] ?? '');
  if (t) return json(200, core.view(t));
  if (core.dialect === 'novicezk') return { status: 200 };
  if (core.dialect === 'trueai') return { status: 204 };
  return relayError('task_no_found');
}

function listByCondition(core: SimCore, req: SimRequest): SimResponse {
  const b = req.body as { ids?: unknown } | null;
  const ids = Array.isArray(b?.ids) ? b.ids.map(String) : [];
  const out = ids.flatMap((id) => {
    const t = core.tasks.get(id);
    return t ? [core.view(t)] : [];
  });
  return json(200, out);
}

function listAll(core: SimCore): SimResponse {
  const all = [...core.tasks.values()].reverse();
  return json(
    200,
    (core.dialect === 'trueai' ? all.slice(0, 100) : all).map((t) => core.view(t)),
  );
}

function queue(core: SimCore): SimResponse {
  const now = Date.now();
  const queued = [...core.tasks.values()].filter((t) =>
    ['NOT_START', 'SUBMITTED'].includes(snapshot(t, now).status),
  );
  return json(
    200,
    queued.map((t) => core.view(t)),
  );
}

function imageSeed(core: SimCore, _req: SimRequest, m: RegExpExecArray): SimResponse {
  const t = core.tasks.get(m[1] ?? '');
  if (!t) {
    if (core.dialect === 'relay') return relayError('task_no_found');
    return submitResult(core.dialect, { code: 3, description: '任务不存在', status: 404 });
  }
  if (core.statusOf(t) !== 'SUCCESS') {
    if (core.dialect === 'relay') return relayError('task_status_not_success');
    return submitResult(core.dialect, { code: 4, description: '任务状态错误，无法获取种子', status: 400 });
  }
  // A Midjourney seed is a 32-bit unsigned integer, reported as a string.
  return submitResult(core.dialect, { code: 1, description: '成功', result: String(t.seed) });
}

function cancel(core: SimCore, _req: SimRequest, m: RegExpExecArray): SimResponse {
  const t = core.tasks.get(m[1] ?? '');
  if (!t) return submitResult(core.dialect, { code: 3, description: '任务不存在', status: 404 });
  if (!snapshot(t, Date.now()).final) t.cancelledAt = Date.now();
  return { status: 200 };
}

const ROUTES: Route[] = [
  { method: 'POST', re: /^\/mj\/submit\/imagine$/, in: ALL, handle: imagine },
  {
    method: 'POST',
    re: /^\/mj\/submit\/change$/,
    in: ['relay', 'novicezk'],
    handle: (c, r) => change(c, r, false),
  },
  {
    method: 'POST',
    re: /^\/mj\/submit\/simple-change$/,
    in: ['relay', 'novicezk'],
    handle: (c, r) => change(c, r, true),
  },
  { method: 'POST', re: /^\/mj\/submit\/action$/, in: ['trueai', 'relay'], handle: action },
  { method: 'POST', re: /^\/mj\/submit\/modal$/, in: ['trueai', 'relay'], handle: modal },
  { method: 'POST', re: /^\/mj\/submit\/blend$/, in: ALL, handle: blend },
  { method: 'POST', re: /^\/mj\/submit\/describe$/, in: ALL, handle: describe },
  { method: 'POST', re: /^\/mj\/submit\/shorten$/, in: ['trueai', 'relay'], handle: shorten },
  { method: 'POST', re: /^\/mj\/submit\/edits?$/, in: ['trueai', 'relay'], handle: edits },
  { method: 'POST', re: /^\/mj\/submit\/retexture$/, in: ['trueai'], handle: retexture },
  {
    method: 'POST',
    re: /^\/mj\/submit\/upload-discord-images$/,
    in: ['trueai', 'relay'],
    handle: uploadImages,
  },
  // Not routed anywhere: /submit/show (and, on trueai v10+, /submit/change and /simple-change) answer 404.
  { method: 'POST', re: /^\/mj\/submit\/video$/, in: ['trueai', 'relay'], handle: submitVideo },
  { method: 'GET', re: /^\/mj\/task\/([^/]+)\/fetch$/, in: ALL, handle: fetchTask },
  {
    method: 'POST',
    re: /^\/mj\/task\/(?:list-by-condition|list-by-ids)$/,
    in: ALL,
    handle: (c, r) => listByCondition(c, r),
  },
  { method: 'GET', re: /^\/mj\/task\/list$/, in: ['trueai', 'novicezk'], handle: (c) => listAll(c) },
  { method: 'GET', re: /^\/mj\/task\/queue$/, in: ['novicezk'], handle: (c) => queue(c) },
  { method: 'GET', re: /^\/mj\/task\/([^/]+)\/image-seed$/, in: ['trueai', 'relay'], handle: imageSeed },
  { method: 'POST', re: /^\/mj\/task\/([^/]+)\/cancel$/, in: ['trueai'], handle: cancel },
];

/** Answers an authenticated /mj/* request. */
export function routeMj(core: SimCore, req: SimRequest): SimResponse {
  for (const r of ROUTES) {
    const m = r.re.exec(req.path);
    if (!m || !r.in.includes(core.dialect)) continue;
    if (r.method !== req.method) {
      return core.dialect === 'trueai' ? { status: 405 } : notFound(core.dialect, req.method, req.path);
    }
    return r.handle(core, req, m);
  }
  return notFound(core.dialect, req.method, req.path);
}

const EXPIRED =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code>' +
  '<Message>Request has expired</Message><Expires>signed link expired</Expires></Error>\n';

/**
 * GET /sim-images/<taskId>/<grid|upscale|preview-N|0_Q|0_Q_thumb>.png: rendered on first request, then
 * cached. `0_Q` is picture Q (0-3) of a grid on its own, as trueai's `imageUrls` serve it.
 */
export function serveImage(core: SimCore, path: string): SimResponse {
  const m = /^\/sim-images\/(\d+)\/(grid|upscale|preview-(\d{1,3})|0_([0-3])(_thumb)?)\.png$/.exec(path);
  const t = m ? core.tasks.get(m[1] ?? '') : undefined;
  if (!m || !t || t.imageKind === 'none') return { status: 404 };
  if (m[4] !== undefined && t.imageKind !== 'grid') return { status: 404 };
  const now = Date.now();
  const snap = snapshot(t, now);
  const end = scheduledEnd(t);
  const preview = m[3] !== undefined;
  // Previews are ephemeral like Discord's grid_0.webp; finals exist only once the task succeeded.
  if (preview ? snap.final : snap.status !== 'SUCCESS') return { status: 404 };
  if (!preview && end !== undefined && now - end >= core.tuning.imageTtlMs) {
    return { status: 403, headers: { 'content-type': 'application/xml' }, body: EXPIRED };
  }
  const key = `${t.id}/${m[2]}`;
  let png = core.images.get(key);
  if (!png) {
    const grid = t.imageKind === 'grid';
    if (preview)
      png = renderPreview(
        t.seed,
        grid,
        Number(m[3]),
        128,
        Math.max(16, Math.round((128 * t.height) / t.width)),
      );
    else if (m[4] !== undefined) {
      // One quadrant's motif at the size of a grid cell (a thumbnail: a quarter of that).
      const div = m[5] ? 4 : 2;
      const w = Math.max(16, Math.round(t.width / div));
      const h = Math.max(16, Math.round(t.height / div));
      png = renderSingle(quadrantSeeds(t.seed)[Number(m[4])] ?? t.seed, w, h);
    } else png = grid ? renderGrid(t.seed, t.width, t.height) : renderSingle(t.seed, t.width, t.height);
    core.images.set(key, png);
  }
  return { status: 200, headers: { 'content-type': 'image/png', 'cache-control': 'no-store' }, body: png };
}
