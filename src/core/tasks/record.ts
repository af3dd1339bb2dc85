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
};

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
  /** File paths of the downloaded clips of a video task, in the server's order (the host sets them). */
  localVideos?: string[];
  /** The image seed, once the user asked for it (GET /task/{id}/image-seed). */
  seed?: string;
  /** The user started it in this session: notify on finish. */
  notify?: boolean;
  profileId?: string;
  /** The user starred it (favourites filter). */
  starred?: boolean;
}

/** Key prefix of one task record in the key/value store. */
export const TASK_KEY_PREFIX = 'mj.task.';

/** The storage key of a task. */
export function taskKey(id: string): string {
  return TASK_KEY_PREFIX + id;
}

/**
 * Merge two versions of one record (ours and what is on disk, possibly from another window).
 * The newer `updatedAt` wins, except that a final server status is never replaced by a non-final one,
 * and a local image path one side knows is not forgotten.
 */
export function mergeRecords(a: TaskRecord | undefined, b: TaskRecord | undefined): TaskRecord | undefined {
  if (!a) return b;
  if (!b) return a;
  const [newer, older] = b.updatedAt > a.updatedAt ? [b, a] : [a, b];
  let merged = newer;
  if (isFinal(older.task.status) && !isFinal(newer.task.status)) {
    merged = { ...merged, task: older.task };
  }
  if (!merged.localImage && older.localImage) merged = { ...merged, localImage: older.localImage };
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
