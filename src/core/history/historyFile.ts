/**
 * Export / import of the task history as a portable file: `midjourney-history.json` plus an `images/` folder
 * next to it. Pure: the host reads and writes the files; this module decides what goes in, validates what
 * comes back (the file may come from anyone, so nothing in it is trusted) and how it merges into the store.
 */
import { t } from '../../shared/l10n';
import type { TaskOrigin, TaskRecord } from '../tasks/record';
import type { Task, TaskButton } from '../model/types';
import { isFinal } from '../model/types';

export const HISTORY_FORMAT = 'midjourney-studio-history';
export const HISTORY_VERSION = 1;
export const HISTORY_FILE_NAME = 'midjourney-history.json';
export const HISTORY_IMAGES_DIR = 'images';
/** More tasks than anyone makes by hand: a bigger file is a mistake or an attack on memory. */
export const MAX_HISTORY_TASKS = 100_000;
const MAX_TEXT = 100_000;
/** Limits on what one record may store (a server offers a dozen buttons; links are short). */
export const MAX_BUTTONS = 50;
const MAX_BUTTON_TEXT = 512;
export const MAX_URL = 4096;
const MAX_URLS = 16;
/** An unfinished task older than this is read once after an import, not polled: servers forget old tasks. */
export const STALE_IMPORT_MS = 24 * 60 * 60 * 1000;

/** The exported document. Records hold no keys: keys live only in SecretStorage. */
export interface HistoryDocument {
  format: typeof HISTORY_FORMAT;
  version: typeof HISTORY_VERSION;
  exportedAt: string;
  tasks: TaskRecord[];
}

/** One file to copy on export: the local `source` path goes to `images/<name>`. */
export interface ExportFile {
  source: string;
  name: string;
}

/** A history file that cannot be read; `message` is one sentence for the user. */
export class HistoryFileError extends Error {}

const ORIGIN_KINDS: ReadonlySet<string> = new Set([
  'imagine',
  'action',
  'change',
  'modal',
  'blend',
  'describe',
  'shorten',
  'track',
  'retry',
  'edit',
  'video',
]);

/** A name safe to create inside one folder: no separators, no `..`, no hidden or device-like names. */
function safeName(name: string): string {
  const cleaned = name.replace(/[^\w.-]/g, '_').replace(/^\.+/, '_');
  return cleaned === '' ? 'file' : cleaned.slice(0, 120);
}

function baseName(p: string): string {
  const parts = p.split(/[\\/]/);
  return parts[parts.length - 1] ?? p;
}

/**
 * Builds the document and the list of files to copy. Local paths become `images/<name>` (names made unique);
 * paths `exists` denies are left out so the file never points at a missing image. Session-only fields
 * (`notify`) are dropped, and only known fields are written, so nothing unexpected can leak into the file.
 */
export function buildHistoryExport(
  records: readonly TaskRecord[],
  opts: { now: number; exists: (path: string) => boolean; taken?: Iterable<string> },
): { document: HistoryDocument; files: ExportFile[] } {
  // Names already in the target's images/ folder: never overwritten, a copy gets a free name instead.
  const taken = new Set<string>([...(opts.taken ?? [])].map((n) => n.toLowerCase()));
  const files: ExportFile[] = [];
  const relative = (source: string): string | undefined => {
    if (!opts.exists(source)) return undefined;
    const name = safeName(baseName(source));
    const dot = name.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    let candidate = name;
    for (let i = 2; taken.has(candidate.toLowerCase()); i++) candidate = `${stem}-${i}${ext}`;
    taken.add(candidate.toLowerCase());
    files.push({ source, name: candidate });
    return `${HISTORY_IMAGES_DIR}/${candidate}`;
  };
  const tasks = records.map((r) => {
    const out: TaskRecord = {
      task: { ...r.task },
      origin: { ...r.origin },
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    };
    if (r.parentId !== undefined) out.parentId = r.parentId;
    if (r.lastProgressAt !== undefined) out.lastProgressAt = r.lastProgressAt;
    if (r.seed !== undefined) out.seed = r.seed;
    if (r.profileId !== undefined) out.profileId = r.profileId;
    if (r.starred !== undefined) out.starred = r.starred;
    const image = r.localImage ? relative(r.localImage) : undefined;
    if (image) out.localImage = image;
    const videos = (r.localVideos ?? []).flatMap((v) => (v ? (relative(v) ?? []) : []));
    if (videos.length) out.localVideos = videos;
    return out;
  });
  return {
    document: {
      format: HISTORY_FORMAT,
      version: HISTORY_VERSION,
      exportedAt: new Date(opts.now).toISOString(),
      tasks,
    },
    files,
  };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What a field should have held, for {@link invalidField}. */
type Want =
  | 'text'
  | 'number'
  | 'boolean'
  | 'textList'
  | 'taskId'
  | 'list'
  | 'buttonList'
  | 'object'
  | 'knownKind'
  | 'imageName';

/** "Task N in the history file has an invalid "field" (… expected).", one whole sentence per case. */
function invalidField(task: number, field: string, want: Want): string {
  switch (want) {
    case 'text':
      return t('Task {0} in the history file has an invalid "{1}" (text expected).', task, field);
    case 'number':
      return t('Task {0} in the history file has an invalid "{1}" (a number expected).', task, field);
    case 'boolean':
      return t('Task {0} in the history file has an invalid "{1}" (true or false expected).', task, field);
    case 'textList':
      return t('Task {0} in the history file has an invalid "{1}" (a list of texts expected).', task, field);
    case 'taskId':
      return t('Task {0} in the history file has an invalid "{1}" (a task id expected).', task, field);
    case 'list':
      return t('Task {0} in the history file has an invalid "{1}" (a list expected).', task, field);
    case 'buttonList':
      return t(
        'Task {0} in the history file has an invalid "{1}" (a list of buttons expected).',
        task,
        field,
      );
    case 'object':
      return t('Task {0} in the history file has an invalid "{1}" (an object expected).', task, field);
    case 'knownKind':
      return t('Task {0} in the history file has an invalid "{1}" (a known kind expected).', task, field);
    case 'imageName':
      return t(
        'Task {0} in the history file has an invalid "{1}" (a file name inside images/ expected).',
        task,
        field,
      );
  }
}

/** Field checks; each throws a sentence naming the task (1-based) and the field. */
class Fields {
  constructor(
    private readonly o: Obj,
    readonly task: number,
  ) {}
  fail(field: string, want: Want): never {
    throw new HistoryFileError(invalidField(this.task, field, want));
  }
  str(k: string): string {
    const v = this.o[k];
    if (typeof v !== 'string' || v.length > MAX_TEXT) this.fail(k, 'text');
    return v;
  }
  optStr(k: string): string | undefined {
    return this.o[k] === undefined ? undefined : this.str(k);
  }
  num(k: string): number {
    const v = this.o[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(k, 'number');
    return v;
  }
  optNum(k: string): number | undefined {
    return this.o[k] === undefined ? undefined : this.num(k);
  }
  optBool(k: string): boolean | undefined {
    const v = this.o[k];
    if (v !== undefined && typeof v !== 'boolean') this.fail(k, 'boolean');
    return v;
  }
  optStrList(k: string): string[] | undefined {
    const v = this.o[k];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string' || s.length > MAX_TEXT)) {
      this.fail(k, 'textList');
    }
    return v as string[];
  }
}

/** `images/<name>` with a plain file name; anything else (absolute, `..`, sub-folders) is refused. */
function imageRef(f: Fields, k: string, v: string): string {
  const m = /^images\/([\w][\w.-]{0,119})$/.exec(v);
  if (!m || m[1]?.includes('..')) f.fail(k, 'imageName');
  return v;
}

function parseButtons(v: unknown, f: Fields): TaskButton[] {
  if (!Array.isArray(v)) f.fail('task.buttons', 'list');
  if (v.length > MAX_BUTTONS) f.fail('task.buttons', 'buttonList');
  return v.map((b) => {
    if (!isObj(b)) f.fail('task.buttons', 'buttonList');
    const bf = new Fields(b, f.task);
    const out = {
      customId: bf.str('customId'),
      label: bf.str('label'),
      emoji: bf.str('emoji'),
      style: bf.num('style'),
    };
    if ([out.customId, out.label, out.emoji].some((x) => x.length > MAX_BUTTON_TEXT)) {
      f.fail('task.buttons', 'buttonList');
    }
    return out;
  });
}

function parseTaskField(raw: unknown, where: number): Task {
  if (!isObj(raw)) throw new HistoryFileError(t('Task {0} in the history file has no "task" object.', where));
  const f = new Fields(raw, where);
  const id = f.str('id');
  if (id.trim() === '' || id.length > 200) f.fail('id', 'taskId');
  const task: Task = {
    id,
    action: f.str('action'),
    status: f.str('status'),
    prompt: f.str('prompt'),
    promptEn: f.str('promptEn'),
    description: f.str('description'),
    state: f.str('state'),
    buttons: parseButtons(raw.buttons, f),
  };
  const optional: Partial<Task> = {
    submitTime: f.optNum('submitTime'),
    startTime: f.optNum('startTime'),
    finishTime: f.optNum('finishTime'),
    imageUrl: f.optStr('imageUrl'),
    imageUrls: f.optStrList('imageUrls'),
    videoUrl: f.optStr('videoUrl'),
    videoUrls: f.optStrList('videoUrls'),
    progress: f.optNum('progress'),
    failReason: f.optStr('failReason'),
    finalPrompt: f.optStr('finalPrompt'),
    botType: f.optStr('botType'),
    seed: f.optStr('seed'),
  };
  for (const k of ['imageUrl', 'videoUrl'] as const) {
    if ((optional[k]?.length ?? 0) > MAX_URL) f.fail(k, 'text');
  }
  for (const k of ['imageUrls', 'videoUrls'] as const) {
    const list = optional[k];
    if (list && (list.length > MAX_URLS || list.some((u) => u.length > MAX_URL))) f.fail(k, 'textList');
  }
  for (const [k, v] of Object.entries(optional)) {
    if (v !== undefined) (task as unknown as Obj)[k] = v;
  }
  return task;
}

function parseRecord(raw: unknown, index: number): TaskRecord {
  const where = index + 1;
  if (!isObj(raw)) throw new HistoryFileError(t('Task {0} in the history file is not a task record.', where));
  const f = new Fields(raw, where);
  const task = parseTaskField(raw.task, where);
  const rawOrigin = raw.origin;
  if (!isObj(rawOrigin)) return f.fail('origin', 'object');
  const of = new Fields(rawOrigin, where);
  const kind = of.str('kind');
  if (!ORIGIN_KINDS.has(kind)) of.fail('origin.kind', 'knownKind');
  const origin: TaskOrigin = { kind: kind as TaskOrigin['kind'] };
  const customId = of.optStr('customId');
  const label = of.optStr('label');
  if (customId !== undefined) origin.customId = customId;
  if (label !== undefined) origin.label = label;
  const rec: TaskRecord = { task, origin, createdAt: f.num('createdAt'), updatedAt: f.num('updatedAt') };
  // A time no clock reaches (≥ 2^53 would stop the store's stamp() growing): refused.
  if (!Number.isSafeInteger(rec.createdAt) || rec.createdAt < 0 || rec.createdAt > MAX_TIME)
    f.fail('createdAt', 'number');
  if (!Number.isSafeInteger(rec.updatedAt) || rec.updatedAt < 0 || rec.updatedAt > MAX_TIME)
    f.fail('updatedAt', 'number');
  const parentId = f.optStr('parentId');
  const lastProgressAt = f.optNum('lastProgressAt');
  const seed = f.optStr('seed');
  const profileId = f.optStr('profileId');
  const starred = f.optBool('starred');
  const localImage = f.optStr('localImage');
  const localVideos = f.optStrList('localVideos');
  if (parentId !== undefined && parentId !== task.id) rec.parentId = parentId;
  if (lastProgressAt !== undefined) rec.lastProgressAt = lastProgressAt;
  if (seed !== undefined) rec.seed = seed;
  if (profileId !== undefined) rec.profileId = profileId;
  if (starred !== undefined) rec.starred = starred;
  if (localImage !== undefined) rec.localImage = imageRef(f, 'localImage', localImage);
  if (localVideos && localVideos.length > MAX_URLS) f.fail('localVideos', 'textList');
  if (localVideos?.length) rec.localVideos = localVideos.map((v) => imageRef(f, 'localVideos', v));
  return rec;
}

/**
 * Reads a history file strictly: a wrong format or version, or any malformed record, throws a
 * `HistoryFileError` with one sentence (nothing is half-imported). Image paths are `images/<name>` only.
 * A task listed twice keeps its newer `updatedAt`.
 */
export function parseHistoryFile(text: string): HistoryDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new HistoryFileError(t('The history file is not valid JSON.'));
  }
  if (!isObj(raw) || raw.format !== HISTORY_FORMAT) {
    throw new HistoryFileError(t('This file is not a Midjourney Studio history export.'));
  }
  if (raw.version !== HISTORY_VERSION) {
    const found = JSON.stringify(raw.version);
    throw new HistoryFileError(
      found === undefined
        ? t('This history file has version none; this Midjourney Studio reads version {0}.', HISTORY_VERSION)
        : t(
            'This history file has version {0}; this Midjourney Studio reads version {1}.',
            found,
            HISTORY_VERSION,
          ),
    );
  }
  if (!Array.isArray(raw.tasks)) throw new HistoryFileError(t('The history file has no list of tasks.'));
  if (raw.tasks.length > MAX_HISTORY_TASKS) {
    throw new HistoryFileError(t('The history file lists more than {0} tasks.', MAX_HISTORY_TASKS));
  }
  const byId = new Map<string, TaskRecord>();
  raw.tasks.forEach((item, i) => {
    const rec = parseRecord(item, i);
    const prev = byId.get(rec.task.id);
    if (!prev || rec.updatedAt > prev.updatedAt) byId.set(rec.task.id, rec);
  });
  return {
    format: HISTORY_FORMAT,
    version: HISTORY_VERSION,
    exportedAt: typeof raw.exportedAt === 'string' ? raw.exportedAt : '',
    tasks: [...byId.values()],
  };
}

/** What an import does to the store. */
export interface ImportPlan {
  /** Records to add (new ones, and ones the file has in a newer version). */
  toAdd: TaskRecord[];
  /** Tasks that were not in the list before. */
  added: number;
  /** Tasks already in the list (whether or not the file's version replaced them). */
  already: number;
}

/**
 * Decides the merge: a task not in the store is added; one already there is replaced only when the file's
 * `updatedAt` is newer (the store keeps one row per id either way). Parents come before their children.
 */
export function planImport(
  incoming: readonly TaskRecord[],
  existing: (id: string) => TaskRecord | undefined,
): ImportPlan {
  const toAdd: TaskRecord[] = [];
  let added = 0;
  let already = 0;
  for (const rec of incoming) {
    const cur = existing(rec.task.id);
    if (!cur) {
      added++;
      toAdd.push(rec);
    } else {
      already++;
      if (rec.updatedAt > cur.updatedAt) toAdd.push(rec);
    }
  }
  toAdd.sort((a, b) => a.createdAt - b.createdAt);
  return { toAdd, added, already };
}

/** Year 2200 in ms: later times in a file are made up. */
const MAX_TIME = 7_258_118_400_000;

/**
 * What to do with an imported task: `poll` (unfinished and recent: the server may still change it),
 * `refreshOnce` (unfinished but older than a day: read it once, never poll it for ever), `none` (final or
 * waiting in MODAL). Without `now`, only `poll` / `none`.
 */
export function importFollowUp(rec: TaskRecord, now: number): 'poll' | 'refreshOnce' | 'none' {
  if (isFinal(rec.task.status) || rec.task.status === 'MODAL') return 'none';
  return now - rec.updatedAt > STALE_IMPORT_MS ? 'refreshOnce' : 'poll';
}

/** True when an imported task should go to the poller (the server may still change it). */
export function needsPolling(rec: TaskRecord, now?: number): boolean {
  return now === undefined
    ? !isFinal(rec.task.status) && rec.task.status !== 'MODAL'
    : importFollowUp(rec, now) === 'poll';
}
