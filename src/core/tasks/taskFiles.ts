/**
 * The durable home of the task store's working set: one file per task under the extension's global storage,
 * shared by every window of the profile.
 *
 * Why not globalState: VS Code keeps an extension's globalState as ONE JSON object. `update(key)` writes the
 * whole object, and another window's write REPLACES this window's whole in-memory copy; so a window whose copy
 * lacks a task another window just added writes that task away, and a stale copy brings a deleted one back.
 * globalState stays a cache for the tree's first paint; these files are what counts.
 *
 * The rules that make any number of windows safe:
 * - A record file holds one task (`r-<key>.json`), written atomically (the host writes a temp file and renames
 *   it), so a reader sees a whole old or a whole new version, never half of one. Two windows writing one task's
 *   file both write a version of that same task: the task itself is never lost, and a window whose view is
 *   newer than the file writes it again (see TaskStore.sync).
 * - A deletion is a tombstone file of its own (`d-<key>-<gen>.json`), which no record write replaces. The
 *   absence of a file means nothing (the task may be archived, or not written yet): nothing is inferred from it.
 * - Per task, the higher `gen` wins; within one `gen` the tombstone beats every record and records merge by
 *   `updatedAt` (record.ts). A task deleted once never comes back from an older copy, wherever that copy
 *   hides (another window's memory, globalState, the archive); only the user adding it again after seeing
 *   the deletion (Track Task, Import History) makes a new `gen`.
 */
import { asciiJson, type ChunkFiles } from './archive';
import type { TaskRecord } from './record';
import { isRecord, mergeRecords } from './record';

/** The file operations the task files need, over one directory. `write` must be atomic (temp + rename). */
export type TaskFs = ChunkFiles;

/** A deletion: every version of the task up to `gen` is gone. */
export interface Tomb {
  id: string;
  gen: number;
  /** Local epoch ms of the deletion. */
  at: number;
}

/** What the directory holds, folded: per task its best record and its newest tombstone. */
export interface TaskFilesState {
  recs: Map<string, TaskRecord>;
  tombs: Map<string, Tomb>;
}

/** True when the tombstone kills this version of the task. */
export function isDead(rec: Pick<TaskRecord, 'gen'>, tomb: Tomb | undefined): boolean {
  return tomb !== undefined && tomb.gen >= (rec.gen ?? 0);
}

/** The newer of two tombstones of one task. */
export function laterTomb(a: Tomb | undefined, b: Tomb | undefined): Tomb | undefined {
  if (!a) return b;
  if (!b) return a;
  return b.gen > a.gen || (b.gen === a.gen && b.at > a.at) ? b : a;
}

/**
 * A file-name-safe, injective key for a task id, the same on case-insensitive file systems: lower-case
 * letters, digits and `-` stay, every other UTF-16 unit becomes `_` and 4 hex digits. Very long ids are cut
 * and end in a hash of the whole id (the file holds the id, and a reader checks it).
 */
export function fileKey(id: string): string {
  let s = '';
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    s +=
      (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d
        ? id[i]
        : '_' + c.toString(16).padStart(4, '0');
  }
  return s.length <= 160 ? s : `${s.slice(0, 120)}~${fnv1a(id)}`;
}

function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

const RECORD_RE = /^r-[a-z0-9_~-]{1,200}\.json$/;
const TOMB_RE = /^d-[a-z0-9_~-]{1,200}-\d{1,9}\.json$/;

/** The working set's files: records and tombstones, one file each. */
export class TaskFiles {
  /**
   * Tombstone files already read: a tombstone never changes (its gen is in its name), so a scan reads only
   * new ones (1,000 of them took ~300 ms to read again on every sync).
   */
  private readonly tombFiles = new Map<string, Tomb>();

  constructor(private readonly fs: TaskFs) {}

  /** Reads every record file and the tombstones not read before, and folds them (a foreign, half-written or unreadable file is skipped). */
  async scan(): Promise<TaskFilesState> {
    const listed = await this.fs.list();
    const state: TaskFilesState = { recs: new Map(), tombs: new Map() };
    for (const name of listed) {
      const tomb = this.tombFiles.get(name);
      if (tomb) state.tombs.set(tomb.id, laterTomb(state.tombs.get(tomb.id), tomb)!);
    }
    const names = listed.filter((n) => RECORD_RE.test(n) || (TOMB_RE.test(n) && !this.tombFiles.has(n)));
    const texts = await Promise.all(names.map((n) => this.fs.read(n).catch(() => undefined)));
    for (const [i, text] of texts.entries()) {
      const v = parse(text);
      if (!v) continue;
      if (names[i]!.startsWith('d-')) {
        const tomb = asTomb(v.tomb);
        if (!tomb) continue;
        this.tombFiles.set(names[i]!, tomb);
        state.tombs.set(tomb.id, laterTomb(state.tombs.get(tomb.id), tomb)!);
      } else if (isRecord(v.rec)) {
        const id = v.rec.task.id;
        state.recs.set(id, mergeRecords(state.recs.get(id), v.rec)!);
      }
    }
    return state;
  }

  /** The task's record file, if there is one (and it is this task's). */
  async readRecord(id: string): Promise<TaskRecord | undefined> {
    const v = parse(await this.fs.read(recordName(id)).catch(() => undefined));
    return v && isRecord(v.rec) && v.rec.task.id === id ? v.rec : undefined;
  }

  writeRecord(rec: TaskRecord): Promise<void> {
    return this.fs.write(recordName(rec.task.id), asciiJson({ v: 1, rec }));
  }

  /** Tombstones are never replaced by a record write (their own file) nor by an older deletion (gen in the name). */
  writeTomb(tomb: Tomb): Promise<void> {
    return this.fs.write(`d-${fileKey(tomb.id)}-${tomb.gen}.json`, asciiJson({ v: 1, tomb }));
  }

  /**
   * Removes the task's record file once its record moved to the archive, unless the file meanwhile holds a
   * newer version than the one archived (another window changed the task): that one stays.
   */
  async removeRecord(id: string, archived: TaskRecord): Promise<void> {
    const disk = await this.readRecord(id);
    if (!disk) return;
    if ((disk.gen ?? 0) > (archived.gen ?? 0) || disk.updatedAt > archived.updatedAt) return;
    await this.fs.delete(recordName(id)).catch(() => undefined);
  }
}

function recordName(id: string): string {
  return `r-${fileKey(id)}.json`;
}

function parse(text: string | undefined): { v: 1; rec?: unknown; tomb?: unknown } | undefined {
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as { v?: unknown };
    return typeof v === 'object' && v !== null && v.v === 1 ? (v as { v: 1 }) : undefined;
  } catch {
    return undefined;
  }
}

function asTomb(v: unknown): Tomb | undefined {
  const t = v as Tomb;
  return typeof t === 'object' &&
    t !== null &&
    typeof t.id === 'string' &&
    Number.isSafeInteger(t.gen) &&
    t.gen >= 0 &&
    typeof t.at === 'number'
    ? { id: t.id, gen: t.gen, at: t.at }
    : undefined;
}
