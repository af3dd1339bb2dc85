/**
 * One stored task record and the pure rules the store applies to it: its key, how two versions merge, the
 * list order, and what of it is kept (see slim.ts).
 */
import { slimTask } from './slim';
import type { Task } from '../model/types';
import { isFinal } from '../model/types';

/** What VS Code's Memento satisfies (globalState). */
export interface KeyValueStore {
  keys(): readonly string[];
  get<T>(key: string): T | undefined;
  /** `undefined` removes the key (as Memento does). A Memento's `Thenable<void>` fits `PromiseLike`. */
  update(key: string, value: unknown): PromiseLike<void>;
}

/** Why a task is in the store. */
export type TaskOrigin = {
  kind:
    | 'imagine'
    | 'action'
    | 'change'
    | 'modal'
    | 'blend'
    | 'describe'
    | 'shorten'
    | 'track'
    | 'retry'
    | 'edit'
    | 'video';
  customId?: string;
  label?: string;
  /** Who asked for it when not the user directly: 'agent' for the Language Model Tools and the MCP server. */
  by?: 'agent';
};

/** Where a task's prompt came from in a prompt file: the CodeLens finds the prompt again by its text. */
export interface PromptSource {
  /** The document's URI (`file:`, `untitled:`…) as a string. */
  uri: string;
  /** The prompt as written in the file (before the suffix and before permutations were expanded). */
  text: string;
}

/** Tasks submitted together (the variants of one permutation prompt): the tree shows them under one row. */
export interface TaskBatch {
  id: string;
  size: number;
}

/** One stored task: the server's view plus what only we know. */
export interface TaskRecord {
  /** Latest normalised server view. */
  task: Task;
  /** The task an action came from. */
  parentId?: string;
  origin: TaskOrigin;
  /** Local epoch ms when we submitted/tracked it. */
  createdAt: number;
  /** Local epoch ms of the last change (merge key). */
  updatedAt: number;
  /** When progress last changed (stall detection). */
  lastProgressAt?: number;
  /** File path of the downloaded final image (the host sets it). */
  localImage?: string;
  /** File paths of the downloaded separate pictures of a grid (`imageUrls`), in the server's order. */
  localPictures?: string[];
  /** File paths of the downloaded clips of a video task, in the server's order (the host sets them). */
  localVideos?: string[];
  /** The image seed, once the user asked for it (GET /task/{id}/image-seed). */
  seed?: string;
  /** The user started it in this session: notify on finish. */
  notify?: boolean;
  profileId?: string;
  /** The user starred it (favourites filter). */
  starred?: boolean;
  /**
   * Incarnation (absent: 0). Deleting a task records a tombstone for its gen (taskFiles.ts); the user adding
   * it again after that makes the next gen, so the tombstone and every older copy lose against it.
   */
  gen?: number;
  /** Submitted from a line of a prompt file. */
  source?: PromptSource;
  /** One of several tasks submitted together. */
  batch?: TaskBatch;
}

/** Key prefix of one task record in the key/value store. */
export const TASK_KEY_PREFIX = 'mj.task.';

/** The storage key of a task. */
export function taskKey(id: string): string {
  return TASK_KEY_PREFIX + id;
}

/** A record's time for merging: one past 2^53 (corrupt, or a crafted import) counts as oldest, not newest. */
const at = (r: TaskRecord): number => (Number.isSafeInteger(r.updatedAt) ? r.updatedAt : 0);

/**
 * Merge two versions of one record (ours and what is on disk, possibly from another window).
 * The newer `updatedAt` wins, except that a final server status is never replaced by a non-final one,
 * and a local image path one side knows is not forgotten.
 */
export function mergeRecords(a: TaskRecord | undefined, b: TaskRecord | undefined): TaskRecord | undefined {
  if (!a) return b;
  if (!b) return a;
  // Another incarnation (the task was deleted and added again): the later one is the task, whole.
  if ((a.gen ?? 0) !== (b.gen ?? 0)) return (a.gen ?? 0) > (b.gen ?? 0) ? a : b;
  // A tie is broken by content, the same way in every window: two windows holding different versions with
  // one `updatedAt` must agree on the merge, or each would write its own back for ever.
  const bWins = at(b) > at(a) || (at(b) === at(a) && JSON.stringify(b) > JSON.stringify(a));
  const [newer, older] = bWins ? [b, a] : [a, b];
  let merged = newer;
  if (isFinal(older.task.status) && !isFinal(newer.task.status)) {
    merged = { ...merged, task: older.task };
  }
  if (!merged.localImage && older.localImage) merged = { ...merged, localImage: older.localImage };
  if (!merged.localPictures && older.localPictures)
    merged = { ...merged, localPictures: older.localPictures };
  if (!merged.localVideos && older.localVideos) merged = { ...merged, localVideos: older.localVideos };
  return merged;
}

export function byNewest(x: TaskRecord, y: TaskRecord): number {
  return y.createdAt - x.createdAt || (x.task.id < y.task.id ? 1 : x.task.id > y.task.id ? -1 : 0);
}

/** Cheap structural equality for plain JSON data (records are JSON by construction). */
export function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** The record as we store it (see slim.ts). */
export function slimRecord(rec: TaskRecord): TaskRecord {
  return { ...rec, task: slimTask(rec.task) };
}

export function isRecord(v: unknown): v is TaskRecord {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as TaskRecord).task === 'object' &&
    (v as TaskRecord).task !== null &&
    typeof (v as TaskRecord).task.id === 'string'
  );
}
