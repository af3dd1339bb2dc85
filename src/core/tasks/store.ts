/**
 * The task store: every task the user started or tracked, cached in memory for fast listing and persisted so
 * that any number of windows share it without losing, duplicating or resurrecting a task.
 *
 * The durable copy of the working set is one file per task (taskFiles.ts), deletions are tombstones, and
 * `sync()` folds what other windows wrote (the host calls it on a file event, on focus and on each poll tick).
 * globalState (one JSON object VS Code rewrites whole, and replaces whole when another window writes) is only
 * the cache the tree's first paint reads: the store writes each record there too, reads new records from it
 * on `refresh()`, but never infers anything from a key's absence. Without `files` (unit tests of one window)
 * globalState is the only copy.
 *
 * Writes for one task are serialised within an instance (a late write can never land after a newer one), and
 * every write re-reads the task's file and merges (record.ts: newer `updatedAt` wins, a final task never
 * moves back to running, a higher `gen` wins whole, a tombstone beats its gen).
 *
 * Only a working set is kept there; which tasks stay and which move to the archive is workingSet.ts's policy,
 * which the store calls at each change. `list()` shows both once `loadArchive()` has run. The first
 * `loadArchive()` also moves over the tasks older versions kept only in globalState (one key per task).
 */
import type { ArchiveStore } from './archive';
import type { Event } from '../model/events';
import { Emitter } from '../model/events';
import type { KeyValueStore, TaskRecord } from './record';
import { byNewest, isRecord, mergeRecords, sameJson, slimRecord, taskKey, TASK_KEY_PREFIX } from './record';
import { slimTask } from './slim';
import type { TaskFs, Tomb } from './taskFiles';
import { isDead, laterTomb, TaskFiles } from './taskFiles';
import type { Task } from '../model/types';
import { isFinal } from '../model/types';
import { DEFAULT_WORKING_SET, WorkingSet } from './workingSet';

// The record's shape and rules live in record.ts; everything that imported them from here still can.
export type { KeyValueStore, TaskOrigin, TaskRecord } from './record';
export { mergeRecords, taskKey, TASK_KEY_PREFIX } from './record';
export { ARCHIVE_SLACK, DEFAULT_WORKING_SET } from './workingSet';
export type { TaskFs, Tomb } from './taskFiles';

/** `refresh()` reads the task files at most this often (file events and focus sync at once). */
export const SYNC_EVERY_MS = 2000;

/** The persistent, cached set of task records. */
export class TaskStore {
  private readonly cache = new Map<string, TaskRecord>();
  /** Deletions known here (this window's and, after `sync`, every window's): they kill older versions. */
  private readonly tombs = new Map<string, Tomb>();
  /** Per-key chain of pending writes, so this instance's writes land in order. */
  private readonly writes = new Map<string, Promise<void>>();
  /** The working set's files, shared by every window (undefined: globalState only). */
  private readonly files: TaskFiles | undefined;
  /** Ids whose record file the last scan found. */
  private onDisk = new Set<string>();
  private syncRun: Promise<void> | undefined;
  private syncNext: Promise<void> | undefined;
  /** When the last sync started (wall clock). */
  private lastSync = 0;
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
      /** The directory of the working set's files (one per task; `write` atomic), shared by every window. */
      files?: TaskFs;
    } = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.files = opts.files ? new TaskFiles(opts.files) : undefined;
    this.ws = new WorkingSet(
      {
        cache: this.cache,
        isDead: (rec) => this.isDead(rec),
        isWriting: (id) => this.writes.has(id),
        removeKey: (id, archived) => this.removeKey(id, archived),
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
    }
  }

  /** Store a new record (or merge it into an existing one with the same id) and persist it. */
  async add(rec: TaskRecord): Promise<void> {
    const id = rec.task.id;
    const tomb = this.tombs.get(id);
    // Added again after its deletion (Track Task, Import History): a new incarnation, which the tombstone
    // and every older copy lose against.
    if (!this.cache.has(id) && isDead(rec, tomb)) rec = { ...rec, gen: tomb!.gen + 1 };
    const merged = mergeRecords(this.cache.get(id), rec) ?? rec;
    this.set(merged);
    await Promise.all([this.persist(id), ...this.ws.restoreAncestors(merged, (a) => this.persist(a))]);
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
    this.ws.unarchive(id);
    this.set(rec);
    await this.persist(id);
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
    if (!cur || this.isDead(cur)) return undefined;
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
    this.ws.unarchive(task.id);
    this.set(rec);
    await this.persist(task.id);
    if (isFinal(task.status)) this.ws.scheduleArchive();
    return this.cache.get(task.id);
  }

  /** The record with this id, if any. */
  get(id: string): TaskRecord | undefined {
    return this.cache.get(id);
  }

  /** Remove a task. Its children stay, as roots (their `parentId` is cleared). */
  async delete(id: string): Promise<void> {
    const cur = this.cache.get(id);
    const had = this.cache.delete(id);
    const tomb: Tomb = { id, gen: Math.max(cur?.gen ?? 0, this.tombs.get(id)?.gen ?? 0), at: this.now() };
    this.tombs.set(id, laterTomb(this.tombs.get(id), tomb)!);
    this.ws.unarchive(id);
    if (had) this.invalidate();
    const kids = [...this.cache.values()].filter((r) => r.parentId === id);
    if (had || kids.length) this.changed.fire({ ids: [id, ...kids.map((k) => k.task.id)] });
    await Promise.all([
      this.enqueue(id, async () => {
        // The tombstone first: from then on no window brings the task back, whatever copy it holds.
        await this.files?.writeTomb(tomb);
        await this.kv.update(taskKey(id), undefined);
      }),
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
   * Takes in what other windows wrote: at once the new and changed records in globalState (never a deletion:
   * a key's absence means nothing), then, with files, everything in them (`sync`, in the background).
   * Fires one change event for the records that differ from the cache.
   */
  refresh(): void {
    const ids: string[] = [];
    for (const key of this.kv.keys()) {
      if (!key.startsWith(TASK_KEY_PREFIX)) continue;
      const disk = this.kv.get<TaskRecord>(key);
      if (!isRecord(disk) || this.isDead(disk)) continue;
      const id = disk.task.id;
      const cur = this.cache.get(id);
      const merged = mergeRecords(cur, slimRecord(disk));
      if (merged && !sameJson(merged, cur)) {
        this.cache.set(id, merged);
        ids.push(id);
      }
    }
    if (ids.length) {
      this.invalidate();
      this.changed.fire({ ids });
    }
    // Every poll tick calls this; the files are read at most every SYNC_EVERY_MS from here (the host also
    // syncs on their file events and on focus).
    if (this.files && Date.now() - this.lastSync >= SYNC_EVERY_MS) void this.sync().catch(() => undefined);
  }

  /**
   * Folds the working set's files into the cache: other windows' new and changed records, and their deletions
   * (tombstones). Where this window's view is newer than a task's file (two windows' writes crossed), it is
   * written again, so the windows converge. Calls while one runs share the next run.
   */
  sync(): Promise<void> {
    if (!this.files) return Promise.resolve();
    if (this.syncNext) return this.syncNext;
    if (this.syncRun) {
      const next = this.syncRun
        .catch(() => undefined)
        .then(() => {
          this.syncNext = undefined;
          return this.startSync();
        });
      this.syncNext = next;
      return next;
    }
    return this.startSync();
  }

  private startSync(): Promise<void> {
    this.lastSync = Date.now();
    const run = this.doSync().finally(() => {
      if (this.syncRun === run) this.syncRun = undefined;
    });
    this.syncRun = run;
    return run;
  }

  private async doSync(): Promise<void> {
    const state = await this.files!.scan();
    const ids: string[] = [];
    for (const [id, tomb] of state.tombs) {
      this.tombs.set(id, laterTomb(this.tombs.get(id), tomb)!);
      const cur = this.cache.get(id);
      if (cur && this.isDead(cur)) {
        this.cache.delete(id);
        this.ws.unarchive(id);
        ids.push(id);
      }
    }
    this.onDisk = new Set(state.recs.keys());
    for (const [id, disk] of state.recs) {
      if (this.isDead(disk)) continue;
      if (!this.writes.has(id)) this.ws.seenOnDisk(id);
      const cur = this.cache.get(id);
      const merged = mergeRecords(cur, slimRecord(disk))!;
      if (!sameJson(merged, cur)) {
        this.cache.set(id, merged);
        ids.push(id);
      }
      if (!sameJson(merged, disk) && !this.writes.has(id)) void this.persist(id).catch(() => undefined);
    }
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
      if (this.syncRun) await (this.syncNext ?? this.syncRun).catch(() => undefined);
      else if (this.writes.size) await Promise.all([...this.writes.values()]);
      else if (this.ws.inProgress()) await this.ws.inProgress();
      else break;
    }
    await this.ws.settled();
  }

  /**
   * At start, after the first paint from globalState: folds the working set's files (and tombstones), adds
   * the archived tasks to the list (read asynchronously so the working set shows at once), archives what the
   * working set holds beyond its limit, and gives every task that globalState alone held (what older
   * versions stored, or a write whose file never landed) its file, so globalState is never the only copy.
   */
  async loadArchive(): Promise<void> {
    await this.sync();
    await this.ws.load();
    if (!this.files) return;
    const moving: Promise<void>[] = [];
    for (const [id, rec] of this.cache) {
      if (this.onDisk.has(id) || this.ws.isArchived(id) || this.isDead(rec)) continue;
      moving.push(this.persist(id));
    }
    await Promise.all(moving);
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
    // A time past 2^53 (an imported or corrupt record) would make `+ 1` a no-op: the clock takes over.
    const prev = Number.isSafeInteger(cur.updatedAt + 1) ? cur.updatedAt : 0;
    return Math.max(this.now(), prev + 1);
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

  /** True when a known deletion kills this version of the task. */
  private isDead(rec: TaskRecord): boolean {
    return isDead(rec, this.tombs.get(rec.task.id));
  }

  /**
   * Write the cached record, merged with what its file (or without files, its key) holds when the write
   * runs: the file first (the durable copy), then globalState (the first paint's cache; a failure there is
   * not a loss).
   */
  private persist(id: string): Promise<void> {
    return this.enqueue(id, async () => {
      const mine = this.cache.get(id);
      if (!mine || this.isDead(mine)) return;
      const disk = this.files ? await this.files.readRecord(id) : this.kv.get<TaskRecord>(taskKey(id));
      const cur = this.cache.get(id);
      if (!cur || this.isDead(cur)) return;
      const merged = mergeRecords(cur, isRecord(disk) ? disk : undefined) ?? cur;
      if (!sameJson(merged, cur)) this.set(merged);
      if (this.files) {
        if (!sameJson(merged, disk)) await this.files.writeRecord(merged);
        this.onDisk.add(id);
        await Promise.resolve(this.kv.update(taskKey(id), merged)).catch(() => undefined);
      } else {
        await this.kv.update(taskKey(id), merged);
      }
    });
  }

  /** Removes the task's file and key once it is in the archive, after this instance's pending writes to it. */
  private removeKey(id: string, archived: TaskRecord): Promise<void> {
    return this.enqueue(id, async () => {
      await this.files?.removeRecord(id, archived);
      this.onDisk.delete(id);
      await this.kv.update(taskKey(id), undefined);
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
