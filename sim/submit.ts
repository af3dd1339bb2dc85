// The /submit/* endpoints. Each validates like the real servers (codes 3/4, relay 400s), then creates
// a task through SimCore so quotas, queue codes and banned words behave the same everywhere.
import type { SimCore, SimRequest } from './core';
import { relayError, submitResult } from './dialect';
import type { SimResponse } from './dialect';
import { hashString, quadrantSeeds, sizeFor } from './png';
import { aspectOf, bannedWordIn, buttonsFor, outcomeFor, planAction } from './tasks';
import type { SimTask } from './tasks';

type Body = Record<string, unknown>;

function bodyOf(req: SimRequest): Body {
  return req.body !== null && typeof req.body === 'object' && !Array.isArray(req.body)
    ? (req.body as Body)
    : {};
}

function str(b: Body, k: string): string | undefined {
  const v = b[k];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

const DATA_URL = /^data:[\w.+-]+\/[\w.+-]+;base64,[A-Za-z0-9+/=\s]+$/;

function invalid(core: SimCore, description: string, relayDescription?: string): SimResponse {
  if (core.dialect === 'relay' && relayDescription) return relayError(relayDescription);
  return submitResult(core.dialect, { code: 4, description });
}

function parentGone(core: SimCore): SimResponse {
  if (core.dialect === 'relay') return relayError('task_no_found');
  return submitResult(core.dialect, {
    code: 3,
    description: '关联任务不存在或已失效',
    status: core.dialect === 'trueai' ? 404 : 200,
  });
}

function common(req: SimRequest, b: Body): Partial<SimTask> {
  const bot = str(b, 'botType');
  return {
    state: str(b, 'state'),
    mode: req.mode,
    botType: bot === 'NIJI_JOURNEY' || bot === 'niji' ? 'NIJI_JOURNEY' : 'MID_JOURNEY',
  };
}

function gridSize(prompt: string, aspect?: string): { width: number; height: number } {
  return sizeFor(aspect ?? aspectOf(prompt), 512);
}

/** POST /submit/imagine */
export function imagine(core: SimCore, req: SimRequest): SimResponse {
  const b = bodyOf(req);
  const prompt = (str(b, 'prompt') ?? '').trim();
  if (!prompt) return invalid(core, 'prompt不能为空', 'prompt_is_required');
  const images = Array.isArray(b.base64Array)
    ? b.base64Array
    : typeof b.base64 === 'string'
      ? [b.base64]
      : [];
  if (images.some((x) => typeof x !== 'string' || !DATA_URL.test(x))) return invalid(core, 'base64格式错误');
  if ((str(b, 'state') ?? '').length > 255 && core.dialect === 'trueai')
    return invalid(core, 'State参数过长');
  const refusal = core.refuse(prompt);
  if (refusal) return refusal;
  const t = core.createTask({
    ...common(req, b),
    action: 'IMAGINE',
    prompt,
    description: `/imagine ${prompt}`,
    imageKind: 'grid',
    buttonsKind: 'grid',
    ...gridSize(prompt),
  });
  core.applyLateBan(t);
  return core.accepted(t);
}

/** POST /submit/blend */
export function blend(core: SimCore, req: SimRequest): SimResponse {
  const b = bodyOf(req);
  const images = Array.isArray(b.base64Array) ? b.base64Array : [];
  if (images.length < 2 || images.length > 5) return invalid(core, 'base64List参数错误');
  if (images.some((x) => typeof x !== 'string' || !DATA_URL.test(x))) return invalid(core, 'base64格式错误');
  const dims = str(b, 'dimensions') ?? 'SQUARE';
  const aspect = { PORTRAIT: '2:3', SQUARE: '1:1', LANDSCAPE: '3:2' }[dims];
  if (!aspect) return invalid(core, 'dimensions参数错误');
  const refusal = core.refuse(undefined);
  if (refusal) return refusal;
  const t = core.createTask({
    ...common(req, b),
    action: 'BLEND',
    prompt: '',
    description: '',
    imageKind: 'grid',
    buttonsKind: 'grid',
    ...gridSize('', aspect),
  });
  t.description = `/blend ${t.id} ${images.length}`;
  t.seed = hashString(`${images.join('|')}|${t.id}`);
  return core.accepted(t);
}

const SUBJECTS = [
  'a lighthouse',
  'a red fox',
  'an old library',
  'a paper boat',
  'a glass teapot',
  'a mountain',
];
const SCENES = ['at dusk', 'in heavy fog', 'under neon lights', 'on a snowy morning', 'in a sunlit meadow'];
const STYLES = [
  'watercolor',
  'isometric 3d render',
  'art nouveau poster',
  'cinematic photo',
  'ukiyo-e print',
];

function pick<T>(list: T[], seed: number, n: number): T {
  return list[hashString(`${seed}:${n}`) % list.length] as T;
}

/** POST /submit/describe */
export function describe(core: SimCore, req: SimRequest): SimResponse {
  const b = bodyOf(req);
  const base64 = str(b, 'base64');
  const link = core.dialect === 'novicezk' ? undefined : str(b, 'link');
  if (!base64 && !link) return invalid(core, 'base64不能为空');
  if (base64 && !DATA_URL.test(base64)) return invalid(core, 'base64格式错误');
  if (!base64 && link && !/^https?:\/\//.test(link)) return invalid(core, 'link格式错误');
  const refusal = core.refuse(undefined);
  if (refusal) return refusal;
  const t = core.createTask({
    ...common(req, b),
    action: 'DESCRIBE',
    prompt: '',
    description: '',
    imageKind: 'single',
    buttonsKind: 'describe',
  });
  finishDescribe(t, base64 ?? link ?? '');
  return core.accepted(t);
}

function finishDescribe(t: SimTask, source: string): void {
  t.description = `/describe ${t.id}`;
  t.seed = hashString(`${source.slice(0, 4096)}|${t.id}`);
  t.resultText = [1, 2, 3, 4]
    .map((i) => {
      const s = t.seed + i;
      return `${i}\uFE0F\u20E3 ${pick(SUBJECTS, s, 1)} ${pick(SCENES, s, 2)}, ${pick(STYLES, s, 3)} --ar 1:1`;
    })
    .join('\n\n');
}

/** POST /submit/shorten */
export function shorten(core: SimCore, req: SimRequest): SimResponse {
  const b = bodyOf(req);
  const prompt = (str(b, 'prompt') ?? '').trim();
  if (!prompt) return invalid(core, 'prompt不能为空', 'prompt_is_required');
  const refusal = core.refuse(prompt);
  if (refusal) return refusal;
  const t = core.createTask({
    ...common(req, b),
    action: 'SHORTEN',
    prompt,
    description: `/shorten ${prompt}`,
    imageKind: 'none',
    buttonsKind: 'shorten',
  });
  const words = prompt.split(/[\s,]+/).filter((w) => w && !w.startsWith('--'));
  const cut = (n: number): string => words.slice(0, Math.max(1, Math.ceil((words.length * n) / 6))).join(' ');
  t.resultText =
    `**Important tokens**\n${words.slice(0, 6).join(', ')}\n\n**Shortened prompts**\n` +
    [5, 4, 3, 2, 1].map((n, i) => `${i + 1}\uFE0F\u20E3 ${cut(n)}`).join('\n\n');
  core.applyLateBan(t);
  return core.accepted(t);
}

/** POST /submit/change and /submit/simple-change (novicezk, relay; removed from trueai v10). */
export function change(core: SimCore, req: SimRequest, simple: boolean): SimResponse {
  const b = bodyOf(req);
  let taskId = str(b, 'taskId');
  let action = str(b, 'action');
  let index = Number(b.index ?? 0);
  if (simple) {
    const m = /^\s*(\S+)\s+(?:([UV])([1-4])|R)\s*$/i.exec(str(b, 'content') ?? '');
    if (!m) return invalid(core, 'content参数错误');
    taskId = m[1];
    action = m[2] ? (m[2].toUpperCase() === 'U' ? 'UPSCALE' : 'VARIATION') : 'REROLL';
    index = Number(m[3] ?? 0);
  }
  if (!taskId) return invalid(core, 'taskId不能为空', 'task_id_is_required');
  if (!['UPSCALE', 'VARIATION', 'REROLL'].includes(action ?? '')) return invalid(core, 'action参数错误');
  if (core.dialect === 'relay' && !(index >= 1 && index <= 4) && !simple)
    return relayError('index_is_required');
  if (action !== 'REROLL' && !(Number.isInteger(index) && index >= 1 && index <= 4)) {
    return invalid(core, 'index参数错误');
  }
  const parent = core.tasks.get(taskId);
  if (!parent) return parentGone(core);
  if (core.statusOf(parent) !== 'SUCCESS')
    return invalid(core, '关联任务状态错误', 'task_status_not_success');
  if (parent.buttonsKind !== 'grid') return invalid(core, '关联任务不允许执行变化');
  if (action === 'UPSCALE') {
    const existing = [...core.tasks.values()].find(
      (t) => t.parentId === parent.id && t.action === 'UPSCALE' && t.index === index,
    );
    if (existing && core.dialect === 'novicezk') {
      const v = core.view(existing);
      return submitResult(core.dialect, {
        code: 21,
        description: '任务已存在',
        result: existing.id,
        properties: { status: v.status, imageUrl: v.imageUrl },
      });
    }
  }
  const refusal = core.refuse(undefined);
  if (refusal) return refusal;
  const label =
    action === 'UPSCALE'
      ? `/up ${parent.id} U${index}`
      : action === 'VARIATION'
        ? `/up ${parent.id} V${index}`
        : `/up ${parent.id} R`;
  const t = derive(core, req, b, parent, {
    action: action as string,
    relayAction: action as string,
    index: action === 'REROLL' ? undefined : index,
    imageKind: action === 'UPSCALE' ? 'single' : 'grid',
    buttonsKind: action === 'UPSCALE' ? 'upscale' : 'grid',
    description: label,
  });
  return core.accepted(t);
}

/** A task made from a button or change on `parent`: inherits the prompt and the picture's motif. */
function derive(
  core: SimCore,
  req: SimRequest,
  b: Body,
  parent: SimTask,
  fields: Pick<SimTask, 'action' | 'relayAction' | 'index' | 'imageKind' | 'buttonsKind' | 'description'> &
    Partial<SimTask>,
): SimTask {
  const prompt = fields.prompt ?? parent.prompt;
  const single = fields.imageKind === 'single';
  const t = core.createTask({
    ...common(req, b),
    botType: parent.botType,
    version: parent.version,
    parentId: parent.id,
    prompt,
    ...(single ? sizeFor(aspectOf(prompt), 768) : gridSize(prompt)),
    ...fields,
  });
  if (single && fields.action !== 'DESCRIBE') {
    t.seed =
      parent.imageKind === 'grid'
        ? (quadrantSeeds(parent.seed)[(fields.index ?? 1) - 1] ?? parent.seed)
        : parent.seed;
  }
  if (fields.action === 'DESCRIBE') finishDescribe(t, `${parent.seed}`);
  if (!t.modal) core.applyLateBan(t);
  return t;
}

/** POST /submit/action (trueai, relay). */
export function action(core: SimCore, req: SimRequest): SimResponse {
  const b = bodyOf(req);
  const taskId = str(b, 'taskId');
  const customId = str(b, 'customId');
  if (!taskId) return invalid(core, 'taskId不能为空', 'task_id_is_required');
  if (!customId) return invalid(core, 'customId不能为空', 'custom_id_is_required');
  const parent = core.tasks.get(taskId);
  if (!parent) return parentGone(core);
  if (core.statusOf(parent) !== 'SUCCESS')
    return invalid(core, '关联任务状态错误', 'task_status_not_success');
  const plan = planAction(customId, parent);
  const served = core.view(parent).buttons;
  const offered = Array.isArray(served) ? served : buttonsFor(parent);
  const isOffered = offered.some((x) => (x as { customId?: unknown } | null)?.customId === customId);
  if (!plan || !isOffered || (core.dialect === 'relay' && !plan.relayKnows)) {
    return invalid(core, '未知的 Action 类型', `unknown_action:${customId}`);
  }
  const refusal = core.refuse(undefined);
  if (refusal) return refusal;
  const modal =
    plan.modal ?? (plan.remixable && (b.enableRemix === true || core.tuning.remix) ? 'remix' : undefined);
  const t = derive(core, req, b, parent, {
    action: plan.action,
    relayAction: plan.relayAction,
    index: plan.index,
    imageKind: plan.imageKind,
    buttonsKind: plan.buttonsKind,
    customId,
    modal,
    description: modal ? 'Waiting for window confirm' : `/action ${parent.id} ${customId}`,
    ...(plan.prompt !== undefined ? { prompt: plan.prompt } : {}),
    ...(plan.video ? { video: plan.video } : {}),
  });
  if (!modal) return core.accepted(t);
  return submitResult(core.dialect, {
    code: 21,
    description: 'Waiting for window confirm',
    result: t.id,
    properties: { finalPrompt: t.prompt, remix: true },
    relayAction: t.relayAction,
  });
}

/** POST /submit/modal (trueai, relay): starts a MODAL task with the user's input. */
export function modal(core: SimCore, req: SimRequest): SimResponse {
  const b = bodyOf(req);
  const taskId = str(b, 'taskId');
  if (!taskId) return invalid(core, 'taskId不能为空', 'task_id_is_required');
  const t = core.tasks.get(taskId);
  if (!t) return parentGone(core);
  if (!t.modal || t.modalSubmittedAt !== undefined)
    return invalid(core, '关联任务状态错误', 'task_status_not_modal');
  const parent = t.parentId ? core.tasks.get(t.parentId) : undefined;
  const prompt = (str(b, 'prompt') ?? '').trim() || t.prompt || parent?.prompt || '';
  if (!prompt) return invalid(core, 'prompt不能为空', 'prompt_is_required');
  if (t.modal === 'customZoom') {
    const zoom = Number(/--zoom\s+(\d+(?:\.\d+)?)/.exec(prompt)?.[1] ?? NaN);
    if (!(zoom >= 1 && zoom <= 2)) return invalid(core, 'Custom Zoom 需要 --zoom 参数 (1-2)');
  }
  const mask = str(b, 'maskBase64');
  if (t.modal === 'inpaint') {
    if (!mask) return invalid(core, 'maskBase64不能为空');
    const m = /^data:image\/png;base64,([A-Za-z0-9+/=\s]+)$/.exec(mask);
    const head = m?.[1] ? Buffer.from(m[1].slice(0, 16), 'base64') : Buffer.alloc(0);
    if (!head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
      return invalid(core, 'maskBase64格式错误');
    }
  }
  if (core.dialect === 'relay') {
    const word = bannedWordIn(prompt, core.tuning.bannedWords);
    if (word !== undefined) {
      return submitResult(core.dialect, {
        code: 24,
        description: '可能包含敏感词',
        properties: { promptEn: prompt, bannedWord: word },
      });
    }
  }
  const now = Date.now();
  t.prompt = prompt;
  t.maskBase64 = mask;
  t.modalSubmittedAt = now;
  t.runFrom = now;
  t.queueMs = core.queueMs;
  t.speedMs = core.speedMs;
  t.steps = core.tuning.progressSteps;
  t.outcome = outcomeFor(prompt);
  t.description = `/modal ${t.parentId ?? ''} ${t.customId ?? ''}`.trim();
  core.applyLateBan(t);
  return core.accepted(t);
}
