// The relay-era extras: POST /mj/submit/edits (trueai, relay) and new-api's OpenAI-style billing
// endpoints (relay only), whose balance goes down by a fixed price for every task that succeeds.
import type { SimCore, SimRequest } from './core';
import { json, notFound, relayError, submitResult } from './dialect';
import type { SimResponse } from './dialect';
import { hashString, sizeFor } from './png';
import { aspectOf } from './tasks';

const DATA_URL = /^data:image\/[\w.+-]+;base64,[A-Za-z0-9+/=\s]+$/;
const HTTP_URL = /^https?:\/\/\S+$/;

/** POST /submit/edits `{prompt, image}`: one picture edited by a prompt → a single image, action EDIT. */
export function edits(core: SimCore, req: SimRequest): SimResponse {
  return editLike(core, req, 'EDIT');
}

/** POST /submit/retexture `{prompt, image}` (trueai): like edits, action RETEXTURE. */
export function retexture(core: SimCore, req: SimRequest): SimResponse {
  return editLike(core, req, 'RETEXTURE');
}

/**
 * POST /submit/upload-discord-images `{base64Array}` (trueai, relay) → `{code: 1, result: [urls]}`: each
 * picture kept and served at /sim-uploads/<n>, a link usable as `--sref`, `--oref` or an image prompt.
 */
export function uploadImages(core: SimCore, req: SimRequest): SimResponse {
  const b = (req.body !== null && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
  const list = Array.isArray(b.base64Array) ? b.base64Array : [];
  const bad = (description: string, relay: string): SimResponse =>
    core.dialect === 'relay' ? relayError(relay) : submitResult(core.dialect, { code: 4, description });
  if (list.length === 0) return bad('base64List参数错误', 'base64_array_is_required');
  const urls: string[] = [];
  for (const item of list) {
    const m =
      typeof item === 'string' ? /^data:(image\/[\w.+-]+);base64,([A-Za-z0-9+/=\s]+)$/.exec(item) : null;
    if (!m) return bad('base64格式错误', 'base64_is_invalid');
    const n = core.uploads.length;
    core.uploads.push({ type: m[1] ?? 'image/png', bytes: Buffer.from(m[2] ?? '', 'base64') });
    urls.push(`${core.url}/sim-uploads/${n}`);
  }
  return submitResult(core.dialect, { code: 1, description: '成功', result: urls });
}

/** GET /sim-uploads/<n>: a picture sent to upload-discord-images, as it was sent. */
export function serveUpload(core: SimCore, path: string): SimResponse {
  const m = /^\/sim-uploads\/(\d+)$/.exec(path);
  const up = m ? core.uploads[Number(m[1])] : undefined;
  if (!up) return { status: 404 };
  return { status: 200, headers: { 'content-type': up.type }, body: up.bytes };
}

function editLike(core: SimCore, req: SimRequest, action: 'EDIT' | 'RETEXTURE'): SimResponse {
  const b = (req.body !== null && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
  const prompt = typeof b.prompt === 'string' ? b.prompt.trim() : '';
  const image = typeof b.image === 'string' ? b.image.trim() : '';
  const refuse = (description: string, relay: string): SimResponse =>
    core.dialect === 'relay' ? relayError(relay) : submitResult(core.dialect, { code: 4, description });
  if (!prompt) return refuse('prompt不能为空', 'prompt_is_required');
  if (!image) return refuse('image不能为空', 'image_is_required');
  if (!DATA_URL.test(image) && !HTTP_URL.test(image)) return refuse('image格式错误', 'image_is_invalid');
  const refusal = core.refuse(prompt);
  if (refusal) return refusal;
  const t = core.createTask({
    action,
    relayAction: action,
    prompt,
    description: `/${action === 'EDIT' ? 'edits' : 'retexture'} ${prompt}`,
    imageKind: 'single',
    buttonsKind: 'none',
    mode: req.mode,
    ...sizeFor(aspectOf(prompt), 768),
  });
  t.seed = hashString(`${image.slice(0, 4096)}|${prompt}|${t.id}`);
  core.applyLateBan(t);
  return core.accepted(t);
}

/** USD spent so far: the fixed price times the tasks that reached SUCCESS on the server's clock. */
export function spentUsd(core: SimCore): number {
  let n = 0;
  for (const t of core.tasks.values()) if (core.statusOf(t) === 'SUCCESS') n++;
  return Math.round(n * core.tuning.taskPriceUsd * 1e6) / 1e6;
}

/** GET /v1/dashboard/billing/{subscription,usage} (relay only; others answer their 404). */
export function billing(core: SimCore, req: SimRequest): SimResponse {
  if (core.dialect !== 'relay') return notFound(core.dialect, req.method, req.path);
  if (req.method !== 'GET') return notFound(core.dialect, req.method, req.path);
  const limit = core.tuning.balanceUsd;
  if (req.path === '/v1/dashboard/billing/subscription') {
    return json(200, {
      object: 'billing_subscription',
      has_payment_method: true,
      soft_limit_usd: limit,
      hard_limit_usd: limit,
      system_hard_limit_usd: limit,
      access_until: 0,
    });
  }
  if (req.path === '/v1/dashboard/billing/usage') {
    // new-api reports usage in cents of USD.
    return json(200, { object: 'list', total_usage: Math.round(spentUsd(core) * 100 * 1e6) / 1e6 });
  }
  return notFound(core.dialect, req.method, req.path);
}
