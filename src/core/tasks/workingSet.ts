/**
 * The task store's working-set policy: which tasks stay in the working set (their own files, see taskFiles.ts,
 * and globalState as the first paint's cache) and which live in the archive.
 *
 * globalState is one JSON value VS Code rewrites on every change, so it holds only a working set: every
 * unfinished task (the pollers of both windows need them) and the most recently changed finished ones, at
 * most `limit` in all, plus their ancestors (so the tree over the working set needs no archive). Older
 * finished tasks move to an `ArchiveStore` (files, see archive.ts) in batches: appended there first, then
 * their files and keys removed. A task's absence from the working set means nothing (deletions are tombstones),
 * so no window ever drops a task because its file or key went away; and a deleted task is never archived,
 * never loaded back from the archive, and dropped by the archive's compaction. Changing an archived task, or making a task from one, brings it (and its
 * ancestors) back to the working set.
 *
 * It works on the store's cache and keys through `StoreSide` (store.ts owns both and every write).
 */
import type { ArchiveStore } from './archive';
import type { TaskRecord } from './record';
import { isFinal } from '../model/types';

/** Tasks kept in globalState at most (unfinished ones always stay, even beyond it). */
export const DEFAULT_WORKING_SET = 64;
/** Archiving starts once the working set is this much over its limit, so it runs in batches. */
export const ARCHIVE_SLACK = 16;

/** What the working set reads and changes of the store it serves. */
export interface StoreSide {
  /** Every cached record, in the working set or archived; the working set adds and drops archived ones. */
  readonly cache: Map<string, TaskRecord>;
  /** This version of the task was deleted (a tombstone kills it): never archived, never loaded back. */
  isDead(rec: TaskRecord): boolean;
  /** A write of this window to the task's key has not landed yet. */
  isWriting(id: string): boolean;
  /** Removes the task from the working set's storage (its file and key) once `archived` is in the archive. */
  removeKey(id: string, archived: TaskRecord): Promise<void>;
  /** The cache changed behind the list order: drop it, and tell listeners about `ids` (if any). */
  reordered(ids: string[]): void;
}

/** Moves finished tasks between the store's key/value store and its archive. */
export class WorkingSet {
  /** Ids whose record lives in the archive, not in the key/value store. */
  private readonly archivedIds = new Set<string>();
  /** Archive operations run one after another, so a remove never lands before its append. */
  private archiveChain: Promise<unknown> = Promise.resolve();
  /** The archiving batch in progress, if any. */
  private archiving: Promise<void> | undefined;

  constructor(
    private readonly store: StoreSide,
    private readonly archive: ArchiveStore | undefined,
    private readonly limit: number,
    /** Archive failures (a full disk…): the tasks stay in globalState and nothing is lost, but say so. */
    private readonly onArchiveError: (e: unknown) => void,
  ) {}

  /** True when the task's record lives in the archive rather than in the key/value store. */
  isArchived(id: string): boolean {
    return this.archivedIds.has(id);
  }

  /** How many records the key/value store holds. */
  size(): number {
    return this.store.cache.size - this.archivedIds.size;
  }

  /**
   * Takes a task out of the archive, because it is about to change (it comes back to the working set) or
   * was deleted; true when it was archived.
   */
  unarchive(id: string): boolean {
    if (!this.archivedIds.delete(id)) return false;
    void this.archiveOp((a) => a.remove([id])).catch(this.onArchiveError);
    return true;
  }

  /**
   * A task made from an archived one (U1 on an old grid found by Search Tasks) brings its ancestors back to
   * the working set, so that the next window, drawing the tree from globalState before it reads the archive,
   * nests it where it will stay instead of showing it as a root for a moment. `write` puts each one taken
   * back into the key/value store; returns those writes.
   */
  restoreAncestors(rec: TaskRecord, write: (id: string) => Promise<void>): Promise<void>[] {
    const writes: Promise<void>[] = [];
    const seen = new Set([rec.task.id]);
    for (let id = rec.parentId; id !== undefined && !seen.has(id); id = this.store.cache.get(id)?.parentId) {
      seen.add(id);
      if (this.unarchive(id)) writes.push(write(id));
    }
    return writes;
  }

  /** The task's file is on disk (another window may have brought it back from the archive). */
  seenOnDisk(id: string): void {
    this.archivedIds.delete(id);
  }

  /** The archiving batch in progress, if any (the store's flush waits for it). */
  inProgress(): Promise<void> | undefined {
    return this.archiving;
  }

  /** Settles once every archive operation issued so far has (failures included). */
  settled(): Promise<unknown> {
    return this.archiveChain.catch(() => undefined);
  }

  /**
   * Adds the archived tasks to the store's cache (once, at start; the archive is read asynchronously so
   * the working set shows at once), then archives what the working set holds beyond its limit.
   */
  async load(): Promise<void> {
    const recs = await this.archiveOp((a) => a.load((r) => this.store.isDead(r)));
    const ids: string[] = [];
    for (const rec of recs ?? []) {
      const id = rec.task.id;
      // The key/value store wins: a task there was changed after it was archived.
      if (this.store.cache.has(id) || this.store.isDead(rec)) continue;
      // Taken as it is: what enters the cache is slimmed before it can be archived, and slimming 10,000
      // records again took about 50 ms on the extension host's thread.
      this.store.cache.set(id, rec);
      this.archivedIds.add(id);
      ids.push(id);
    }
    if (ids.length) this.store.reordered(ids);
    this.scheduleArchive();
    await this.archiving;
  }

  /**
   * Moves the finished tasks beyond the working-set limit (least recently changed first) to the archive:
   * append, then remove their keys. A task that changed meanwhile stays (the archive's copy is stale, and
   * the key/value store wins when both have it). Returns how many moved.
   */
  async archiveOld(): Promise<number> {
    if (!this.archive) return 0;
    const batch = this.archiveBatch();
    if (!batch.length) return 0;
    await this.archiveOp((a) => a.append(batch));
    const removals: Promise<void>[] = [];
    for (const rec of batch) {
      const id = rec.task.id;
      if (this.store.cache.get(id) !== rec || this.store.isDead(rec)) continue;
      this.archivedIds.add(id);
      removals.push(this.store.removeKey(id, rec));
    }
    await Promise.all(removals);
    return removals.length;
  }

  /** Starts an archiving batch when the working set is far enough over its limit (and none is running). */
  scheduleArchive(): void {
    if (!this.archive || this.archiving) return;
    if (this.size() <= this.limit + ARCHIVE_SLACK) return;
    // Kept ancestors do not count: without this, many of them would archive one task per change.
    if (this.archiveBatch().length <= ARCHIVE_SLACK) return;
    this.archiving = this.archiveOld()
      .catch((e: unknown) => {
        this.onArchiveError(e);
        return 0;
      })
      .then((moved) => {
        this.archiving = undefined;
        // Tasks added while this batch was written may have filled the working set again.
        if (moved > 0) this.scheduleArchive();
      });
  }

  /**
   * What archiveOld moves: the finished tasks beyond the working set, least recently changed first, except the
   * ancestors of the tasks it keeps. A kept upscale keeps its grid, so globalState alone draws the tree as it
   * will be once the archive is read (no upscale shown as a root while its grid waits in the archive).
   */
  private archiveBatch(): TaskRecord[] {
    const cache = this.store.cache;
    const working = [...cache.values()].filter((r) => !this.archivedIds.has(r.task.id));
    const finished = working.filter((r) => isFinal(r.task.status));
    const keep = Math.max(0, this.limit - (working.length - finished.length));
    finished.sort((a, b) => b.updatedAt - a.updatedAt);
    const kept = new Set<string>();
    for (const rec of [...working.filter((r) => !isFinal(r.task.status)), ...finished.slice(0, keep)]) {
      let r: TaskRecord | undefined = rec;
      while (r && !kept.has(r.task.id) && !this.archivedIds.has(r.task.id)) {
        kept.add(r.task.id);
        r = r.parentId === undefined ? undefined : cache.get(r.parentId);
      }
    }
    return finished.filter((r) => !kept.has(r.task.id) && !this.store.isWriting(r.task.id));
  }

  /** Runs one archive operation after the previous ones (a no-op without an archive). */
  private archiveOp<T>(op: (a: ArchiveStore) => Promise<T>): Promise<T | undefined> {
    const archive = this.archive;
    if (!archive) return Promise.resolve(undefined);
    const next = this.archiveChain.catch(() => undefined).then(() => op(archive));
    this.archiveChain = next;
    return next;
  }
}
