// What differs between the three server families (API.md §0-§3): auth headers and 401 bodies, 404s,
// error shapes, the task JSON each one serves, and the relay's rewriting of submit results.
import { createHash } from 'node:crypto';
import type { Dialect } from './types';
import { buttonsFor, scheduledEnd, snapshot } from './tasks';
import type { SimTask } from './tasks';
import { isV8 } from './versions';

/** A response computed by a handler, sent later (so a fault can replace it after the fact). */
export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** A JSON response. */
export function json(status: number, value: unknown, headers: Record<string, string> = {}): SimResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(value),
  };
}

/** A plain-text response. */
export function text(status: number, body: string): SimResponse {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body };
}

/** A new-api relay error: HTTP 400 `{description, type:"upstream_error", code}`. */
export function relayError(description: string, code = 4): SimResponse {
  return json(400, { description, type: 'upstream_error', code });
}

/** Whether the request carries the key in a header this dialect reads. */
export function authorized(
  dialect: Dialect,
  headers: Record<string, string>,
  key: string,
  anyKey: boolean,
): boolean {
  const ok = (v: string | undefined, strip = false): boolean => {
    if (v === undefined || v.trim() === '') return false;
    let k = v.trim();
    if (strip) k = k.replace(/^Bearer\s+/i, '').replace(/^sk-/, '');
    if (anyKey) return k !== '';
    return k === (strip ? key.replace(/^sk-/, '') : key);
  };
  const secret = headers['mj-api-secret'];
  const auth = headers['authorization'];
  switch (dialect) {
    case 'novicezk':
      return ok(secret);
    case 'trueai':
      return ok(auth) || ok(secret);
    case 'relay':
      // new-api falls back to mj-api-secret only when Authorization is empty or the placeholder.
      if (auth === undefined || auth.trim() === '' || auth.trim() === 'midjourney-proxy')
        return ok(secret, true);
      return ok(auth, true);
  }
}

/** The dialect's 401 answer. */
export function unauthorized(dialect: Dialect): SimResponse {
  switch (dialect) {
    case 'novicezk':
      return { status: 401 };
    case 'trueai':
      return text(401, 'Authorization header missing.');
    case 'relay':
      return json(401, {
        error: { message: `无效的令牌 (request id: ${Date.now()}sim)`, type: 'new_api_error' },
      });
  }
}

/** The dialect's answer for a route it does not have. */
export function notFound(dialect: Dialect, method: string, path: string): SimResponse {
  switch (dialect) {
    case 'novicezk':
      return json(404, { timestamp: new Date().toISOString(), status: 404, error: 'Not Found', path });
    case 'trueai':
      return { status: 404 };
    case 'relay':
      return json(404, {
        error: {
          message: `Invalid URL (${method} ${path})`,
          type: 'invalid_request_error',
          param: '',
          code: '',
        },
      });
  }
}

export interface SubmitAnswer {
  code: number;
  description: string;
  result?: string | string[] | null;
  properties?: Record<string, unknown>;
  /** The relay action of the task, for the relay's 21 → 1 rewrite. */
  relayAction?: string;
  /** HTTP status (trueai answers code 3 with 404). */
  status?: number;
}

/** A SubmitResultVO, with the relay's rewrites (22 → 1, 21 → 1 except INPAINT/CUSTOM_ZOOM, numeric id). */
export function submitResult(dialect: Dialect, a: SubmitAnswer): SimResponse {
  let code = a.code;
  let result: unknown = a.result ?? null;
  if (dialect === 'relay') {
    if (code === 22) code = 1;
    if (code === 21 && a.relayAction !== 'INPAINT' && a.relayAction !== 'CUSTOM_ZOOM') code = 1;
    // Some relays print the id as a JSON number; ms epoch + 3 digits is still a safe integer.
    if (typeof result === 'string' && /^\d+$/.test(result) && Number.isSafeInteger(Number(result))) {
      result = Number(result);
    }
  }
  return json(a.status ?? 200, { code, description: a.description, result, properties: a.properties ?? {} });
}

export interface ViewContext {
  dialect: Dialect;
  url: string;
  now: number;
  relayLagMs: number;
  /** Serve the status as trueai's enum number. */
  numericStatus?: boolean;
  /** Final links stop working this long after the task finished: they are signed like Discord's (`?ex=…`). */
  imageTtlMs?: number;
}

/**
 * Discord's CDN signs attachment links with `ex` (expiry, hex Unix seconds), `is` (issued) and `hm` (the
 * signature): a client can read from the link that it will expire. Links that never expire stay plain.
 */
function signed(url: string, t: SimTask, ttlMs: number | undefined): string {
  const end = scheduledEnd(t);
  if (ttlMs === undefined || !Number.isFinite(ttlMs) || end === undefined) return url;
  const hex = (ms: number): string => Math.floor(ms / 1000).toString(16);
  const hm = createHash('sha256').update(`${url}|${end}|${ttlMs}`).digest('hex');
  return `${url}?ex=${hex(end + ttlMs)}&is=${hex(end)}&hm=${hm}&`;
}

/** trueai's `TaskStatus` enum (Models/Enums.cs); there is no 2. */
export const STATUS_NUMBERS: Readonly<Record<string, number>> = {
  NOT_START: 0,
  SUBMITTED: 1,
  IN_PROGRESS: 3,
  FAILURE: 4,
  SUCCESS: 5,
  MODAL: 6,
  CANCEL: 7,
};

/** Path of picture `i` (0-3) of a grid served separately (trueai `imageUrls`), or of its thumbnail. */
export function picturePath(t: SimTask, i: number, thumbnail = false): string {
  return `/sim-images/${t.id}/0_${i}${thumbnail ? '_thumb' : ''}.png`;
}

/** Path of a task's image for a given progress (final when pct is 100). */
export function imagePath(t: SimTask, pct: number): string {
  if (pct < 100) return `/sim-images/${t.id}/preview-${pct}.png`;
  return `/sim-images/${t.id}/${t.imageKind === 'grid' ? 'grid' : 'upscale'}.png`;
}

/** The task JSON as the dialect serves it, with patches applied last. */
export function taskView(t: SimTask, ctx: ViewContext): Record<string, unknown> {
  const relay = ctx.dialect === 'relay';
  const synced = !relay || ctx.now - t.createdAt >= ctx.relayLagMs;
  const s = snapshot(t, relay ? ctx.now - ctx.relayLagMs : ctx.now);
  const status = synced ? s.status : '';
  let progress: string | null = synced ? s.progress : '0%';
  if (relay && status === 'FAILURE') progress = '100%';
  if (relay && progress === null) progress = '';
  let imageUrl: string | null = null;
  if (synced && t.imageKind !== 'none') {
    if (status === 'SUCCESS') imageUrl = signed(ctx.url + imagePath(t, 100), t, ctx.imageTtlMs);
    else if (status === 'IN_PROGRESS' && s.pct > 0) imageUrl = ctx.url + imagePath(t, s.pct);
  }
  let failReason: string | null = null;
  if (synced && status === 'FAILURE') {
    if (t.cancelledAt !== undefined && t.cancelledAt === s.finishTime) failReason = '取消任务';
    else if (t.outcome.kind === 'fail') {
      const { title, detail } = t.outcome;
      failReason = ctx.dialect === 'novicezk' ? `[${title}] ${detail}` : `${title}, ${detail}`;
    }
  }
  const done = status === 'SUCCESS';
  const textResult = done && t.resultText !== undefined;
  const properties: Record<string, unknown> = { discordInstanceId: 'sim-instance-1' };
  if (status === 'MODAL') {
    properties.finalPrompt = t.prompt;
    properties.remix = true;
  } else if (['IN_PROGRESS', 'SUCCESS'].includes(status) || t.outcome.kind === 'weird') {
    properties.finalPrompt = textResult ? t.resultText : t.prompt;
  }
  if (done) properties.messageHash = t.hash;
  const view: Record<string, unknown> = {
    id: t.id,
    action: relay ? t.relayAction : t.action,
    ...(ctx.dialect !== 'novicezk' ? { customId: t.customId ?? '', botType: t.botType } : {}),
    prompt: t.prompt,
    promptEn: t.prompt,
    description: textResult
      ? t.resultText
      : status === 'MODAL'
        ? 'Waiting for window confirm'
        : t.description,
    state: t.state ?? (relay ? '' : null),
    submitTime: t.createdAt,
    startTime: synced ? (s.startTime ?? (relay ? 0 : null)) : 0,
    finishTime: synced ? (s.finishTime ?? (relay ? 0 : null)) : 0,
    imageUrl: imageUrl ?? (relay ? '' : null),
    status,
    progress,
    failReason: failReason ?? (relay ? '' : null),
    properties,
  };
  if (ctx.dialect !== 'novicezk') {
    view.buttons = done ? buttonsFor(t) : [];
    view.maskBase64 = t.maskBase64 ?? (relay ? '' : null);
    if (done) Object.assign(view, videoFields(t, ctx.url));
  }
  if (ctx.dialect === 'trueai') {
    view.parentId = t.parentId ?? null;
    view.mode = t.mode ?? 'FAST';
    view.version = t.version;
    if (done && t.imageKind !== 'none') {
      view.width = t.width;
      view.height = t.height;
    }
    // trueai fills the grid's four pictures as separate images (V8 here; cdn.midjourney.com 0_N.png there).
    if (done && t.imageKind === 'grid' && isV8(t.version)) {
      view.imageUrls = [0, 1, 2, 3].map((i) => ({
        url: signed(ctx.url + picturePath(t, i), t, ctx.imageTtlMs),
        thumbnail: signed(ctx.url + picturePath(t, i, true), t, ctx.imageTtlMs),
      }));
      view.thumbnailUrl = ctx.url + picturePath(t, 0, true);
    }
  }
  if (ctx.numericStatus && typeof view.status === 'string' && view.status in STATUS_NUMBERS) {
    view.status = STATUS_NUMBERS[view.status];
  }
  return { ...view, ...t.patch };
}

/** Path of clip `n` (0-based) of a task. */
export function videoPath(t: SimTask, n: number): string {
  return `/sim-videos/${t.id}/${n}.webm`;
}

/** The `videoUrl` / `videoUrls` fields of a finished video task (both, as TA and relays fill them). */
export function videoFields(t: SimTask, url: string): Record<string, unknown> {
  if (!t.video) return {};
  const urls = Array.from({ length: t.video.count }, (_, n) => url + videoPath(t, n));
  return { videoUrl: urls[0], videoUrls: urls.map((u) => ({ url: u })) };
}
