/**
 * The store's promise for many windows, as a model test: random interleavings of submits, polls, deletes,
 * imports, archive compactions, refreshes and reloads in 3 windows, replayed against VS Code's real globalState
 * semantics and one shared directory, lose no task, duplicate none and bring none back after its deletion.
 *
 * globalState is modelled as VS Code implements it (ExtensionMemento): ONE JSON object per extension, each
 * window with its own in-memory copy. `update(key)` changes the copy and later writes the WHOLE copy to the
 * shared storage; when another window's write arrives, it REPLACES this window's whole copy (pending changes
 * included). Every write and delivery, and every file operation, lands when fast-check's scheduler says.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ChunkFiles } from '../../src/core/tasks/archive';
import { ChunkArchive } from '../../src/core/tasks/archive';
import type { KeyValueStore } from '../../src/core/tasks/store';
import { TaskStore } from '../../src/core/tasks/store';
import { mkRecord, mkTask } from './storeFixtures';

type Scheduler = fc.Scheduler;

/** The storage every window of one profile shares (state.vscdb): one value per extension. */
class SharedStorage {
  value: Record<string, unknown> = {};
  readonly windows: FakeMemento[] = [];
}

/** One window's ExtensionMemento over the shared storage. */
class FakeMemento implements KeyValueStore {
  private copy: Record<string, unknown>;
  constructor(
    private readonly shared: SharedStorage,
    private readonly s: Scheduler,
  ) {
    this.copy = structuredClone(shared.value);
    shared.windows.push(this);
  }
  keys(): readonly string[] {
    return Object.keys(this.copy);
  }
  get<T>(key: string): T | undefined {
    return structuredClone(this.copy[key]) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    if (value === undefined) delete this.copy[key];
    else this.copy[key] = structuredClone(value);
    // The whole object is written later; until then another window's write may replace the copy.
    return this.s.schedule(Promise.resolve(), 'memento flush').then(() => {
      this.shared.value = structuredClone(this.copy);
      for (const w of this.shared.windows) if (w !== this) w.deliverLater();
    });
  }
  /** onDidChangeStorage in this window: the whole in-memory object is replaced by what was written. */
  private deliverLater(): void {
    void this.s.schedule(Promise.resolve(), 'memento delivery').then(() => {
      this.copy = structuredClone(this.shared.value);
    });
  }
}

/** One shared directory tree (globalStorageUri); every operation lands atomically when the scheduler says. */
class SharedDisk {
  readonly files = new Map<string, string>();
  constructor(private readonly s: Scheduler) {}
  dir(prefix: string): ChunkFiles {
    const at = <T>(f: () => T): Promise<T> => this.s.schedule(Promise.resolve(), `fs ${prefix}`).then(f);
    return {
      list: () =>
        at(() =>
          [...this.files.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length)),
        ),
      read: (name) => at(() => this.files.get(prefix + name)),
      write: (name, text) =>
        at(() => {
          this.files.set(prefix + name, text);
        }),
      delete: (name) =>
        at(() => {
          this.files.delete(prefix + name);
        }),
    };
  }
}

type Op =
  | { kind: 'submit'; w: number }
  | { kind: 'poll'; w: number; pick: number; final: boolean }
  | { kind: 'delete'; w: number; pick: number }
  | { kind: 'import'; w: number; picks: number[]; fresh: number }
  | { kind: 'compact'; w: number }
  | { kind: 'refresh'; w: number }
  | { kind: 'reload'; w: number }
  | { kind: 'wait'; n: number };

const W = 3;
const win = fc.integer({ min: 0, max: W - 1 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('submit' as const), w: win }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('poll' as const), w: win, pick: fc.nat(), final: fc.boolean() }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), w: win, pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('import' as const),
      w: win,
      picks: fc.array(fc.nat(), { maxLength: 3 }),
      fresh: fc.integer({ min: 0, max: 2 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('compact' as const), w: win }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('refresh' as const), w: win }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reload' as const), w: win }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('wait' as const), n: fc.integer({ min: 1, max: 6 }) }),
  },
);

/** What the store offers beyond the API every version has (the file layer's sync), if anything. */
type Syncing = TaskStore & { sync?: () => Promise<void> };

async function runScenario(s: Scheduler, ops: readonly Op[]): Promise<void> {
  const shared = new SharedStorage();
  const disk = new SharedDisk(s);
  let clock = 1_000;
  const now = () => clock++;
  const make = (): TaskStore => {
    const opts = {
      now,
      workingSet: 2,
      archive: new ChunkArchive(disk.dir('archive/'), { now, compactAfter: 2 }),
      files: disk.dir('tasks/'),
    };
    return new TaskStore(new FakeMemento(shared, s), opts);
  };
  const stores: TaskStore[] = [];
  for (let i = 0; i < W; i++) stores.push(make());
  const created: string[] = [];
  const deleted = new Set<string>();
  let seq = 0;
  const pick = (n: number): string | undefined => (created.length ? created[n % created.length] : undefined);
  const pending: Promise<unknown>[] = [];
  const swallow = (p: Promise<unknown>) => pending.push(p.catch(() => undefined));

  const run = async (op: Op): Promise<void> => {
    if (op.kind === 'wait') return;
    const st = stores[op.w]!;
    switch (op.kind) {
      case 'submit': {
        const id = `t${seq++}`;
        created.push(id);
        await st.add(mkRecord(id, now()));
        return;
      }
      case 'poll': {
        const id = pick(op.pick);
        if (id === undefined) return;
        const status = op.final ? 'SUCCESS' : 'IN_PROGRESS';
        await st.applyServerTask(mkTask(id, { status, progress: op.final ? 100 : 40 }));
        return;
      }
      case 'delete': {
        const id = pick(op.pick);
        // The user deletes what this window shows.
        if (id === undefined || !st.get(id)) return;
        deleted.add(id);
        await st.delete(id);
        return;
      }
      case 'import': {
        // Import History adds what the window does not list (planImport); a history file may hold tasks
        // another window has (not yet seen here) and new ones. Never a task deleted meanwhile (that would
        // be the user's choice to bring it back).
        const ids = [...op.picks.map(pick), ...Array.from({ length: op.fresh }, () => `i${seq++}`)];
        for (const id of ids) {
          if (id === undefined || deleted.has(id) || st.get(id)) continue;
          if (!created.includes(id)) created.push(id);
          await st.add(
            mkRecord(id, now(), { task: mkTask(id, { status: 'SUCCESS' }), origin: { kind: 'track' } }),
          );
        }
        return;
      }
      case 'compact':
        await st.archiveOld();
        return;
      case 'refresh':
        st.refresh();
        await (st as Syncing).sync?.();
        return;
      case 'reload': {
        // The window reloads: what it had not written yet is written by the old instance meanwhile.
        const old = st;
        stores[op.w] = make();
        await old.flush();
        old.dispose();
        await stores[op.w]!.loadArchive();
        return;
      }
    }
  };

  const settle = async (): Promise<void> => {
    for (let i = 0; i < 50; i++) {
      await s.waitIdle();
      await new Promise((r) => setImmediate(r));
      if (s.count() === 0) {
        await new Promise((r) => setImmediate(r));
        if (s.count() === 0) return;
      }
    }
  };

  for (const op of ops) {
    swallow(run(op));
    if (op.kind === 'wait' && s.count() > 0) await s.waitNext(Math.min(op.n, s.count()));
  }
  let all = false;
  void Promise.all(pending).then(() => (all = true));
  for (let i = 0; i < 100 && !all; i++) await settle();
  assert.ok(all, 'every operation finished');

  // Quiescence: every window takes in what the others wrote (focus, a poll tick, a file event), twice.
  for (let round = 0; round < 2; round++) {
    for (const st of stores) {
      st.refresh();
      const p = Promise.all([(st as Syncing).sync?.(), st.flush()]);
      await settle();
      await p;
    }
  }
  const expected = created.filter((id) => !deleted.has(id)).sort();
  const check = (st: TaskStore, who: string) => {
    const ids = st.list().map((r) => r.task.id);
    assert.equal(new Set(ids).size, ids.length, `${who}: duplicated ${ids}`);
    const lost = expected.filter((id) => !ids.includes(id));
    const back = ids.filter((id) => deleted.has(id));
    assert.deepEqual({ lost, back }, { lost: [], back: [] }, `${who}: lost or resurrected`);
    assert.deepEqual([...ids].sort(), expected, `${who}: the list`);
  };
  stores.forEach((st, i) => check(st, `window ${i}`));
  // And after a reload of every window (new instances over what is stored).
  for (let i = 0; i < W; i++) {
    const fresh = make();
    const p = fresh.loadArchive();
    await settle();
    await p;
    check(fresh, `window ${i} reloaded`);
  }
}

describe('TaskStore in 3 windows (model test, VS Code globalState semantics)', () => {
  it('no task is lost, duplicated or brought back after deletion, whatever the interleaving', async () => {
    let runs = 0;
    await fc.assert(
      fc
        .asyncProperty(fc.scheduler(), fc.array(opArb, { minLength: 1, maxLength: 40 }), async (s, ops) => {
          runs++;
          await runScenario(s, ops);
        })
        .beforeEach(() => undefined),
      { numRuns: Number(process.env.MJ_MODEL_RUNS ?? 150), seed: envSeed(), verbose: 1 },
    );
    console.log(`      ${runs} interleavings of 3 windows replayed`);
  }).timeout(240_000);
});

function envSeed(): number | undefined {
  const v = process.env.MJ_MODEL_SEED;
  return v === undefined ? undefined : Number(v);
}
