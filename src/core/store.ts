/**
 * The task store: every task the user started or tracked, persisted in a Memento-like key/value store
 * (VS Code's globalState) and cached in memory for fast listing.
 *
 * Two VS Code windows share one globalState. To keep them from losing each other's tasks, each task
 * lives under its own key (`mj.task.<id>`) and there is no shared index array: the list is rebuilt from
 * `kv.keys()`. Writes for one key are serialised within an instance (a late write can never land after
 * a newer one), and every write re-reads the key and merges, keeping the newer `updatedAt` and never
 * moving a final task back to a running status.
 *
 * globalState is one JSON value VS Code rewrites on every change, so it holds only a working set: every
 * unfinished task (the pollers of both windows need them) and the most recently changed finished ones, at
 * most `workingSet` in all, plus their ancestors (so the tree over the working set needs no archive). Older
 * finished tasks move to an `ArchiveStore` (files, see archive.ts): appended there first, then their keys
 * removed, so a window that sees a key vanish finds the task in the archive (and keeps it) or not (another
 * window deleted it). Changing an archived task brings it back to the working set. `list()` shows both once
 * `loadArchive()` has run.
 */
import type { ArchiveStore } from './archive';
import type { Event } from './events';
import { Emitter } from './events';
import type { KeyValueStore, TaskRecord } from './record';
import { byNewest, isRecord, mergeRecords, sameJson, slimRecord, taskKey, TASK_KEY_PREFIX } from './record';
import { slimTask } from './slim';
import type { Task } from './types';
import { isFinal } from './types';

// The record's shape and rules live in record.ts; everything that imported them from here still can.
export type { KeyValueStore, TaskOrigin, TaskRecord } from './record';
export { mergeRecords, taskKey, TASK_KEY_PREFIX } from './record';

/** Tasks kept in globalState at most (unfinished ones always stay, even beyond it). */
export const DEFAULT_WORKING_SET = 64;
/** Archiving starts once the working set is this much over its limit, so it runs in batches. */
export const ARCHIVE_SLACK = 16;

/** The persistent, cached set of task records. */
export class TaskStore {
  private readonly cache = new Map<string, TaskRecord>();
  /** Ids deleted in this window: a late poll answer must never bring them back. */
  private readonly deleted = new Set<string>();
  /** Per-key chain of pending writes, so this instance's writes land in order. */
  private readonly writes = new Map<string, Promise<void>>();
  /** Ids this instance has seen on disk or written: a later absence means a deletion elsewhere. */
  private readonly persisted = new Set<string>();
  /** `list()` order, kept up to date in place for the common changes (a poll, an add). */
  private sorted: TaskRecord[] | undefined;
  /** Index of each id in `sorted`, rebuilt lazily after an insertion. */
  private pos: Map<string, number> | undefined;
  /** parentId → child ids, newest first. */
  private childIndex: Map<string, string[]> | undefined;
  private readonly now: () => number;
  private readonly archive: ArchiveStore | undefined;
  private readonly onArchiveError: (e: unknown) => void;
  private readonly workingSet: number;
  /** Ids whose record lives in the archive, not in the key/value store. */
  private readonly archivedIds = new Set<string>();
  /** Archive operations run one after another, so a remove never lands before its append. */
  private archiveChain: Promise<unknown> = Promise.resolve();
  private archiving: Promise<void> | undefined;
  /** Final tasks whose key vanished; kept until the archive says whether they moved or were deleted. */
  private readonly vanishing = new Set<string>();
  private readonly changed = new Emitter<{ ids: string[] }>();

  /** Fires after records were added, changed or removed (in this window or, after `refresh`, another). */
  readonly onDidChange: Event<{ ids: string[] }> = this.changed.event;

  constructor(
    private readonly kv: KeyValueStore,
    opts: {
      now?: () => number;
      archive?: ArchiveStore;
      workingSet?: number;
      /** Archive failures (a full disk…): the tasks stay in globalState and nothing is lost, but say so. */
      onArchiveError?: (e: unknown) => void;
    } = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.onArchiveError = opts.onArchiveError ?? (() => undefined);
    this.archive = opts.archive;
    this.workingSet = opts.workingSet ?? DEFAULT_WORKING_SET;
    for (const key of kv.keys()) {
      if (!key.startsWith(TASK_KEY_PREFIX)) continue;
      const rec = kv.get<TaskRecord>(key);
      if (!isRecord(rec)) continue;
      this.cache.set(rec.task.id, slimRecord(rec));
      this.persisted.add(rec.task.id);
    }
  }

  /** Store a new record (or merge it into an existing one with the same id) and persist it. */
  async add(rec: TaskRecord): Promise<void> {
    this.deleted.delete(rec.task.id);
    const merged = mergeRecords(this.cache.get(rec.task.id), rec) ?? rec;
    this.set(merged);
    await Promise.all([this.persist(rec.task.id, false), ...this.restoreAncestors(merged)]);
    this.scheduleArchive();
  }

  /**
   * A task made from an archived one (U1 on an old grid found by Search Tasks) brings its ancestors back to
   * the working set, so that the next window, drawing the tree from globalState before it reads the archive,
   * nests it where it will stay instead of showing it as a root for a moment.
   */
  private restoreAncestors(rec: TaskRecord): Promise<void>[] {
    const writes: Promise<void>[] = [];
    const seen = new Set([rec.task.id]);
    for (let id = rec.parentId; id !== undefined && !seen.has(id); id = this.cache.get(id)?.parentId) {
      seen.add(id);
      if (this.unarchive(id)) writes.push(this.persist(id, false));
    }
    return writes;
  }

  /**
   * Change a record. `patch` is either fields to overwrite or a function from the current record to
   * the next. `updatedAt` is bumped. Returns the new record, or undefined when there is no such task.
   */
  async update(
    id: string,
    patch: (Partial<Omit<TaskRecord, 'task'>> & { task?: Task }) | ((rec: TaskRecord) => TaskRecord),
  ): Promise<TaskRecord | undefined> {
    const cur = this.cache.get(id);
    if (!cur) return undefined;
    const next = typeof patch === 'function' ? patch(cur) : { ...cur, ...patch };
    const rec: TaskRecord = { ...next, task: { ...next.task, id }, updatedAt: this.stamp(cur) };
    const fromArchive = this.unarchive(id);
    this.set(rec);
    await this.persist(id, !fromArchive);
    return this.cache.get(id);
  }

  /**
   * Merge a task the poller read from the server. Keeps our local fields, sets `updatedAt` and
   * `lastProgressAt`, and never moves a final task back to running. A task that is not in the store
   * (deleted meanwhile) is ignored, so a late poll answer cannot resurrect it.
   */
  async applyServerTask(serverTask: Task): Promise<TaskRecord | undefined> {
    const task = slimTask(serverTask);
    const cur = this.cache.get(task.id);
    if (!cur || this.deleted.has(task.id)) return undefined;
    if (isFinal(cur.task.status) && !isFinal(task.status)) return cur;
    if (sameJson(cur.task, task)) return cur;
    const now = this.stamp(cur);
    const rec: TaskRecord = {
      ...cur,
      task,
      updatedAt: now,
      lastProgressAt:
        task.progress !== cur.task.progress || cur.lastProgressAt === undefined ? now : cur.lastProgressAt,
    };
    const fromArchive = this.unarchive(task.id);
    this.set(rec);
    await this.persist(task.id, !fromArchive);
    if (isFinal(task.status)) this.scheduleArchive();
    return this.cache.get(task.id);
  }

  /** The record with this id, if any. */
  get(id: string): TaskRecord | undefined {
    return this.cache.get(id);
  }

  /** Remove a task. Its children stay, as roots (their `parentId` is cleared). */
  async delete(id: string): Promise<void> {
    const had = this.cache.delete(id);
    this.deleted.add(id);
    if (this.archivedIds.delete(id)) void this.archiveOp((a) => a.remove([id])).catch(this.onArchiveError);
    if (had) this.invalidate();
    const kids = [...this.cache.values()].filter((r) => r.parentId === id);
    if (had || kids.length) this.changed.fire({ ids: [id, ...kids.map((k) => k.task.id)] });
    await Promise.all([
      this.enqueue(id, () => this.kv.update(taskKey(id), undefined)),
      ...kids.map((k) => this.update(k.task.id, (r) => ({ ...r, parentId: undefined }))),
    ]);
  }

  /** Every record, newest first by `createdAt`. The sort is cached until something changes. */
  list(): TaskRecord[] {
    this.sorted ??= [...this.cache.values()].sort(byNewest);
    return this.sorted.slice();
  }

  /** Records whose `parentId` is `id`, newest first. */
  children(id: string): TaskRecord[] {
    if (!this.childIndex) {
      const index = new Map<string, string[]>();
      for (const rec of this.list()) {
        if (rec.parentId === undefined) continue;
        const arr = index.get(rec.parentId);
        if (arr) arr.push(rec.task.id);
        else index.set(rec.parentId, [rec.task.id]);
      }
      this.childIndex = index;
    }
    return (this.childIndex.get(id) ?? []).flatMap((k) => this.cache.get(k) ?? []);
  }

  /** Records without a parent in the store, newest first. */
  roots(): TaskRecord[] {
    return this.list().filter((r) => r.parentId === undefined || !this.cache.has(r.parentId));
  }

  /** Records whose server status is not final (running, queued, MODAL, unknown), newest first. */
  unfinished(): TaskRecord[] {
    return this.list().filter((r) => !isFinal(r.task.status));
  }

  /**
   * Re-read the key/value store (another window may have written) and fire one change event for
   * every record that differs from the cache.
   */
  refresh(): void {
    const ids: string[] = [];
    const seen = new Set<string>();
    for (const key of this.kv.keys()) {
      if (!key.startsWith(TASK_KEY_PREFIX)) continue;
      const disk = this.kv.get<TaskRecord>(key);
      if (!isRecord(disk)) continue;
      const id = disk.task.id;
      seen.add(id);
      this.persisted.add(id);
      // Another window brought it back from the archive.
      this.archivedIds.delete(id);
      this.vanishing.delete(id);
      if (this.deleted.has(id) && !this.writes.has(id)) {
        // Re-added by another window after we deleted it: that is their decision to keep it.
        this.deleted.delete(id);
      } else if (this.deleted.has(id)) {
        continue;
      }
      const cur = this.cache.get(id);
      const merged = mergeRecords(cur, disk);
      if (merged && !sameJson(merged, cur)) {
        this.cache.set(id, merged);
        ids.push(id);
      }
      // Two windows' writes to one key can cross (the later write wins on disk even if it is staler):
      // when our merged view is better than what is on disk, write it back so the windows converge.
      if (merged && !sameJson(merged, disk)) void this.persist(id, true).catch(() => undefined);
    }
    const moved: string[] = [];
    for (const [id, rec] of this.cache) {
      if (seen.has(id) || this.writes.has(id) || this.archivedIds.has(id) || this.vanishing.has(id)) continue;
      // Absent on disk and nothing of ours in flight: another window deleted or archived it.
      if (this.archive && isFinal(rec.task.status)) {
        moved.push(id);
      } else {
        this.cache.delete(id);
        ids.push(id);
      }
    }
    if (moved.length) void this.settleVanished(moved).catch(this.onArchiveError);
    if (ids.length) {
      this.invalidate();
      this.changed.fire({ ids });
    }
  }

  /** Release listeners. */
  dispose(): void {
    this.changed.dispose();
  }

  /** Wait until every write issued so far has landed (tests, and the host before deactivating). */
  async flush(): Promise<void> {
    for (;;) {
      if (this.writes.size) await Promise.all([...this.writes.values()]);
      else if (this.archiving) await this.archiving;
      else break;
    }
    await this.archiveChain.catch(() => undefined);
  }

  /**
   * Adds the archived tasks to the list (once, at start; the archive is read asynchronously so the
   * working set shows at once), then archives what the working set holds beyond its limit.
   */
  async loadArchive(): Promise<void> {
    const recs = await this.archiveOp((a) => a.load());
    const ids: string[] = [];
    for (const rec of recs ?? []) {
      const id = rec.task.id;
      // The key/value store wins: a task there was changed after it was archived.
      if (this.cache.has(id) || this.deleted.has(id)) continue;
      // Taken as it is: what enters the cache is slimmed before it can be archived, and slimming 10,000
      // records again took about 50 ms on the extension host's thread.
      this.cache.set(id, rec);
      this.archivedIds.add(id);
      ids.push(id);
    }
    if (ids.length) {
      this.invalidate();
      this.changed.fire({ ids });
    }
    this.scheduleArchive();
    await this.archiving;
  }

  /** True when the task's record lives in the archive rather than in the key/value store. */
  isArchived(id: string): boolean {
    return this.archivedIds.has(id);
  }

  /** How many records the key/value store holds (the working set). */
  workingSetSize(): number {
    return this.cache.size - this.archivedIds.size;
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
      if (this.cache.get(id) !== rec || this.deleted.has(id)) continue;
      this.archivedIds.add(id);
      removals.push(this.enqueue(id, () => this.kv.update(taskKey(id), undefined)));
    }
    await Promise.all(removals);
    return removals.length;
  }

  /**
   * What archiveOld moves: the finished tasks beyond the working set, least recently changed first, except the
   * ancestors of the tasks it keeps. A kept upscale keeps its grid, so globalState alone draws the tree as it
   * will be once the archive is read (no upscale shown as a root while its grid waits in the archive).
   */
  private archiveBatch(): TaskRecord[] {
    const working = [...this.cache.values()].filter((r) => !this.archivedIds.has(r.task.id));
    const finished = working.filter((r) => isFinal(r.task.status));
    const keep = Math.max(0, this.workingSet - (working.length - finished.length));
    finished.sort((a, b) => b.updatedAt - a.updatedAt);
    const kept = new Set<string>();
    for (const rec of [...working.filter((r) => !isFinal(r.task.status)), ...finished.slice(0, keep)]) {
      let r: TaskRecord | undefined = rec;
      while (r && !kept.has(r.task.id) && !this.archivedIds.has(r.task.id)) {
        kept.add(r.task.id);
        r = r.parentId === undefined ? undefined : this.cache.get(r.parentId);
      }
    }
    return finished.filter((r) => !kept.has(r.task.id) && !this.writes.has(r.task.id));
  }

  private scheduleArchive(): void {
    if (!this.archive || this.archiving) return;
    if (this.workingSetSize() <= this.workingSet + ARCHIVE_SLACK) return;
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

  /** Takes an archived task back into the working set (it is about to change); true when it was archived. */
  private unarchive(id: string): boolean {
    if (!this.archivedIds.delete(id)) return false;
    void this.archiveOp((a) => a.remove([id])).catch(this.onArchiveError);
    return true;
  }

  /** Runs one archive operation after the previous ones (a no-op without an archive). */
  private archiveOp<T>(op: (a: ArchiveStore) => Promise<T>): Promise<T | undefined> {
    const archive = this.archive;
    if (!archive) return Promise.resolve(undefined);
    const next = this.archiveChain.catch(() => undefined).then(() => op(archive));
    this.archiveChain = next;
    return next;
  }

  /**
   * Final tasks whose key vanished: another window archived them (they are in the archive, so they stay,
   * as archived) or deleted them (they go).
   */
  private async settleVanished(ids: string[]): Promise<void> {
    for (const id of ids) this.vanishing.add(id);
    const archived = new Map((await this.archiveOp((a) => a.load()))?.map((r) => [r.task.id, r]));
    const gone: string[] = [];
    let kept = false;
    for (const id of ids) {
      if (!this.vanishing.delete(id) || !this.cache.has(id)) continue;
      if (isRecord(this.kv.get(taskKey(id)))) continue;
      const rec = archived.get(id);
      if (rec) {
        this.cache.set(id, mergeRecords(this.cache.get(id), slimRecord(rec)) ?? rec);
        this.archivedIds.add(id);
        kept = true;
      } else {
        this.cache.delete(id);
        gone.push(id);
      }
    }
    if (kept || gone.length) this.invalidate();
    if (gone.length) this.changed.fire({ ids: gone });
  }

  /** A strictly increasing change stamp, so two changes in one millisecond still order. */
  private stamp(cur: TaskRecord): number {
    return Math.max(this.now(), cur.updatedAt + 1);
  }

  private set(full: TaskRecord): void {
    const rec = slimRecord(full);
    const prev = this.cache.get(rec.task.id);
    this.cache.set(rec.task.id, rec);
    if (!prev || prev.parentId !== rec.parentId) this.childIndex = undefined;
    this.placeInOrder(prev, rec);
    this.changed.fire({ ids: [rec.task.id] });
  }

  /**
   * Keep the sorted list valid without re-sorting 10,000 records on every poll: a changed record with
   * the same `createdAt` takes its old slot; a new one is inserted by binary search.
   */
  private placeInOrder(prev: TaskRecord | undefined, rec: TaskRecord): void {
    const s = this.sorted;
    if (!s) return;
    if (prev && prev.createdAt === rec.createdAt) {
      this.pos ??= new Map(s.map((r, i) => [r.task.id, i]));
      const i = this.pos.get(rec.task.id);
      if (i !== undefined) {
        s[i] = rec;
        return;
      }
    }
    if (prev) return this.invalidate();
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byNewest(s[mid] as TaskRecord, rec) <= 0) lo = mid + 1;
      else hi = mid;
    }
    s.splice(lo, 0, rec);
    this.pos = undefined;
  }

  private invalidate(): void {
    this.sorted = undefined;
    this.pos = undefined;
    this.childIndex = undefined;
  }

  /**
   * Write the cached record, merged with whatever is on disk at the moment the write runs.
   * `mustExist`: the record was in the store before, so if the key is gone from disk (and our own
   * earlier writes have landed) another window deleted it; respect that instead of resurrecting it.
   */
  private persist(id: string, mustExist: boolean): Promise<void> {
    return this.enqueue(id, () => {
      const mine = this.cache.get(id);
      if (!mine || this.deleted.has(id)) return undefined;
      const disk = this.kv.get<TaskRecord>(taskKey(id));
      if (mustExist && !isRecord(disk) && this.persisted.has(id)) {
        this.cache.delete(id);
        this.invalidate();
        this.changed.fire({ ids: [id] });
        return undefined;
      }
      const merged = mergeRecords(mine, isRecord(disk) ? disk : undefined) ?? mine;
      if (!sameJson(merged, mine)) this.set(merged);
      this.persisted.add(id);
      return this.kv.update(taskKey(id), merged);
    });
  }

  private enqueue(id: string, write: () => PromiseLike<void> | undefined): Promise<void> {
    const prev = this.writes.get(id) ?? Promise.resolve();
    const next = prev.then(write).then(() => undefined);
    // A failed write must not block the key forever; the caller still sees the rejection via `next`.
    const settled: Promise<void> = next
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        if (this.writes.get(id) === settled) this.writes.delete(id);
      });
    this.writes.set(id, settled);
    return next;
  }
}
