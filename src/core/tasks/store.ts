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
 * globalState holds only a working set; which tasks stay there and which move to the archive is
 * workingSet.ts's policy, which the store calls at each change. `list()` shows both once `loadArchive()` has run.
 */
import type { ArchiveStore } from './archive';
import type { Event } from '../model/events';
import { Emitter } from '../model/events';
import type { KeyValueStore, TaskRecord } from './record';
import { byNewest, isRecord, mergeRecords, sameJson, slimRecord, taskKey, TASK_KEY_PREFIX } from './record';
import { slimTask } from './slim';
import type { Task } from '../model/types';
import { isFinal } from '../model/types';
import { DEFAULT_WORKING_SET, WorkingSet } from './workingSet';

// The record's shape and rules live in record.ts; everything that imported them from here still can.
export type { KeyValueStore, TaskOrigin, TaskRecord } from './record';
export { mergeRecords, taskKey, TASK_KEY_PREFIX } from './record';
export { ARCHIVE_SLACK, DEFAULT_WORKING_SET } from './workingSet';

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
  /** Which tasks stay in the key/value store and which live in the archive. */
  private readonly ws: WorkingSet;
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
    this.ws = new WorkingSet(
      {
        cache: this.cache,
        isDeleted: (id) => this.deleted.has(id),
        isWriting: (id) => this.writes.has(id),
        hasKey: (id) => isRecord(this.kv.get(taskKey(id))),
        removeKey: (id) => this.removeKey(id),
        reordered: (ids) => {
          this.invalidate();
          if (ids.length) this.changed.fire({ ids });
        },
      },
      opts.archive,
      opts.workingSet ?? DEFAULT_WORKING_SET,
      opts.onArchiveError ?? (() => undefined),
    );
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
    await Promise.all([
      this.persist(rec.task.id, false),
      ...this.ws.restoreAncestors(merged, (id) => this.persist(id, false)),
    ]);
    this.ws.scheduleArchive();
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
    const fromArchive = this.ws.unarchive(id);
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
    const fromArchive = this.ws.unarchive(task.id);
    this.set(rec);
    await this.persist(task.id, !fromArchive);
    if (isFinal(task.status)) this.ws.scheduleArchive();
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
    this.ws.unarchive(id);
    if (had) this.invalidate();
    const kids = [...this.cache.values()].filter((r) => r.parentId === id);
    if (had || kids.length) this.changed.fire({ ids: [id, ...kids.map((k) => k.task.id)] });
    await Promise.all([
      this.removeKey(id),
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
      this.ws.seenOnDisk(id);
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
      if (seen.has(id) || this.writes.has(id) || this.ws.keyExpectedAbsent(id)) continue;
      // Absent on disk and nothing of ours in flight: another window deleted or archived it.
      if (this.ws.mayHaveMoved(rec)) {
        moved.push(id);
      } else {
        this.cache.delete(id);
        ids.push(id);
      }
    }
    if (moved.length) this.ws.settleVanished(moved);
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
      else if (this.ws.inProgress()) await this.ws.inProgress();
      else break;
    }
    await this.ws.settled();
  }

  /**
   * Adds the archived tasks to the list (once, at start; the archive is read asynchronously so the
   * working set shows at once), then archives what the working set holds beyond its limit.
   */
  loadArchive(): Promise<void> {
    return this.ws.load();
  }

  /** True when the task's record lives in the archive rather than in the key/value store. */
  isArchived(id: string): boolean {
    return this.ws.isArchived(id);
  }

  /** How many records the key/value store holds (the working set). */
  workingSetSize(): number {
    return this.ws.size();
  }

  /**
   * Moves the finished tasks beyond the working-set limit (least recently changed first) to the archive;
   * returns how many moved (see WorkingSet.archiveOld).
   */
  archiveOld(): Promise<number> {
    return this.ws.archiveOld();
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

  /** Remove the task's key, after this instance's pending writes to it. */
  private removeKey(id: string): Promise<void> {
    return this.enqueue(id, () => this.kv.update(taskKey(id), undefined));
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
