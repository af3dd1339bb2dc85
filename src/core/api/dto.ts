/**
 * Where server JSON enters: hand-written validators (no schema library, to keep the bundle small) that
 * turn `unknown` into our Task / SubmitResult. Every dialect's quirks (NZ, PLUS, TA, new-api relays) are
 * absorbed here so nothing past this file needs to know them. Unknown fields are ignored; missing ones
 * get safe defaults; unknown statuses and actions are kept as text.
 */
import { MjError } from '../model/errors';
import { t } from '../../shared/l10n';
import { businessErrorFor, unexpectedAnswerText } from './httpErrors';
import type { ExpectedAnswer } from './httpErrors';
import type { SubmitResult, Task, TaskButton } from '../model/types';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unexpected(what: ExpectedAnswer, httpStatus?: number): MjError {
  return new MjError({
    kind: 'server',
    httpStatus,
    message: unexpectedAnswerText(what),
    hint: t('Check midjourney.baseUrl; the server may not be a Midjourney proxy.'),
    remedy: 'openSettings',
  });
}

/** A string field; numbers are accepted and turned into text (ids, seeds). */
function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return '';
}

function optStr(v: unknown): string | undefined {
  const s = str(v);
  return s === '' ? undefined : s;
}

/** Epoch ms from a number or a numeric string (some relays quote them); else undefined. */
function time(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v > 0 ? v : undefined;
  if (typeof v === 'string' && /^\s*\d+\s*$/.test(v)) {
    const n = Number(v);
    return n > 0 ? n : undefined;
  }
  return undefined;
}

/**
 * Progress as 0-100: servers send "42%", "" or null (and a few a plain number). Parsed with
 * /(\d+)%/ as API.md advises, since NZ copies whatever parenthesis Discord shows.
 */
export function parseProgress(v: unknown): number | undefined {
  let n: number | undefined;
  if (typeof v === 'number' && Number.isFinite(v)) n = v;
  else if (typeof v === 'string') {
    const m = /(\d+)%/.exec(v) ?? /^\s*(\d+)\s*$/.exec(v);
    n = m ? Number(m[1]) : undefined;
  }
  return n === undefined ? undefined : Math.min(100, Math.max(0, Math.round(n)));
}

/** What one task may store from a server: a grid offers a dozen buttons; links are short. */
export const DTO_LIMITS = {
  buttons: 50,
  /** A customId is ~100 characters; a longer one is not a button we can send back. */
  customId: 512,
  label: 200,
  url: 4096,
  urls: 16,
} as const;

/** A link we keep: a string no longer than the cap (a longer one is dropped, never cut into another link). */
function urlOf(v: unknown): string | undefined {
  const s = optStr(v);
  return s !== undefined && s.length <= DTO_LIMITS.url ? s : undefined;
}

/** URL lists: TA `imageUrls[{url, thumbnail}]`, NA `videoUrls[{url}]`, or plain strings; capped in count and length. */
function urlList(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out = v
    .slice(0, DTO_LIMITS.urls * 4)
    .map((e) => (typeof e === 'string' ? e : isObj(e) ? str(e.url) : ''))
    .filter((s) => s.trim() !== '' && s.length <= DTO_LIMITS.url)
    .slice(0, DTO_LIMITS.urls);
  return out.length ? out : undefined;
}

/** Only buttons with a customId can be sent back; link buttons and junk are dropped; capped in count and length. */
function buttons(v: unknown): TaskButton[] {
  if (!Array.isArray(v)) return [];
  const out: TaskButton[] = [];
  for (const b of v) {
    if (out.length >= DTO_LIMITS.buttons) break;
    if (!isObj(b) || typeof b.customId !== 'string' || b.customId === '') continue;
    if (b.customId.length > DTO_LIMITS.customId) continue;
    out.push({
      customId: b.customId,
      label: typeof b.label === 'string' ? b.label.slice(0, DTO_LIMITS.label) : '',
      emoji: typeof b.emoji === 'string' ? b.emoji.slice(0, DTO_LIMITS.label) : '',
      style: typeof b.style === 'number' && Number.isFinite(b.style) ? b.style : 2,
    });
  }
  return out;
}

/** trueai's `TaskStatus` enum numbers (Models/Enums.cs), which some forks send instead of the names. */
const STATUS_BY_NUMBER: Readonly<Record<string, string>> = {
  '0': 'NOT_START',
  '1': 'SUBMITTED',
  '3': 'IN_PROGRESS',
  '4': 'FAILURE',
  '5': 'SUCCESS',
  '6': 'MODAL',
  '7': 'CANCEL',
};

/** trueai's cancel (`POST /task/{id}/cancel`) writes FAILURE with this reason: the user's cancel, not a failure. */
export const TRUEAI_CANCEL_REASON = '取消任务';

/**
 * The status as we name it: names as sent (unknown ones kept), enum numbers 0-7 turned into names, and
 * trueai's FAILURE "取消任务" read as CANCEL.
 */
export function normalizeStatus(status: unknown, failReason?: string): string {
  const s = str(status).trim();
  const named = STATUS_BY_NUMBER[s] ?? str(status);
  if (named === 'FAILURE' && failReason?.trim() === TRUEAI_CANCEL_REASON) return 'CANCEL';
  return named;
}

/**
 * Normalise one task. Throws MjError kind 'server' when the value is not an object at all; a task with
 * no id gets `''` (callers that know the id fill it in).
 */
export function parseTask(raw: unknown): Task {
  if (!isObj(raw)) throw unexpected('task');
  const props = isObj(raw.properties) ? raw.properties : {};
  const task: Task = {
    id: str(raw.id),
    action: str(raw.action),
    // Kept as sent, unknown values included; trueai's enum numbers become names (normalizeStatus).
    status: normalizeStatus(raw.status, optStr(raw.failReason)),
    prompt: str(raw.prompt),
    promptEn: str(raw.promptEn),
    description: str(raw.description),
    state: str(raw.state),
    buttons: buttons(raw.buttons),
  };
  const optional: Partial<Task> = {
    submitTime: time(raw.submitTime),
    startTime: time(raw.startTime),
    finishTime: time(raw.finishTime),
    imageUrl: urlOf(raw.imageUrl),
    imageUrls: urlList(raw.imageUrls),
    videoUrl: urlOf(raw.videoUrl),
    videoUrls: urlList(raw.videoUrls),
    progress: parseProgress(raw.progress),
    // A trueai cancel says so in the status; its reason would only repeat it.
    failReason: optStr(raw.failReason)?.trim() === TRUEAI_CANCEL_REASON ? undefined : optStr(raw.failReason),
    // "" is meaningful for a MODAL task (Inpaint pre-fills nothing), so keep any string.
    finalPrompt: typeof props.finalPrompt === 'string' ? props.finalPrompt : undefined,
    botType: optStr(raw.botType),
    seed: optStr(raw.seed),
    version: optStr(raw.version),
  };
  for (const [k, v] of Object.entries(optional)) {
    if (v !== undefined) (task as unknown as Obj)[k] = v;
  }
  return task;
}

/** A list of tasks (list-by-condition, /task/list). Entries that are not tasks or have no id are skipped. */
export function parseTaskList(raw: unknown): Task[] {
  if (!Array.isArray(raw)) throw unexpected('taskList');
  return raw
    .filter(isObj)
    .map(parseTask)
    .filter((t) => t.id !== '');
}

/** The description PLUS/TA send with a remix/modal answer (DOOY matches "confirm" too). */
const MODAL_DESCRIPTION = /window confirm/i;

/**
 * Normalise a submit answer (`{code, description, result, properties}`, API.md §2). Accepted answers
 * (1, 22, and 21 with a MODAL task) come back as SubmitResult; every other code throws MjError kind
 * 'business' with the code, the server's description and a user sentence. NZ's 21 ("already exists")
 * is a business error carrying the existing task's id in `taskId`.
 */
export function parseSubmitResult(raw: unknown, httpStatus: number): SubmitResult {
  if (!isObj(raw)) throw unexpected('submitResult', httpStatus);
  const code = typeof raw.code === 'number' ? raw.code : Number(str(raw.code) || NaN);
  if (!Number.isFinite(code)) throw unexpected('submitCode', httpStatus);
  const description = str(raw.description);
  const properties: Obj = isObj(raw.properties) ? raw.properties : {};
  const result = Array.isArray(raw.result) ? raw.result[0] : raw.result;
  const taskId = str(result).trim();
  const finalPrompt = typeof properties.finalPrompt === 'string' ? properties.finalPrompt : undefined;

  const accepted = (needsModal: boolean): SubmitResult => {
    if (!taskId) throw unexpected('taskId', httpStatus);
    const out: SubmitResult = { code, taskId, description, needsModal, properties };
    if (finalPrompt !== undefined) out.finalPrompt = finalPrompt;
    if (code === 22) {
      const q = Number(properties.numberOfQueues);
      if (Number.isFinite(q)) out.queuePosition = q;
    }
    return out;
  };

  if (code === 1 || code === 22) return accepted(MODAL_DESCRIPTION.test(description));
  if (code === 21) {
    // PLUS/TA: a new task waiting for /submit/modal. NZ: the task already exists (no such markers).
    const isModal =
      MODAL_DESCRIPTION.test(description) ||
      properties.remix === true ||
      finalPrompt !== undefined ||
      str(properties.status) === 'MODAL';
    if (isModal) return accepted(true);
    throw businessErrorFor(21, description, properties, httpStatus, taskId || undefined);
  }
  throw businessErrorFor(code, description, properties, httpStatus);
}
