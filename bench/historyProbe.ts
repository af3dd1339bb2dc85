/**
 * One cold measurement of the task history, in a fresh Node process (spawned by history.ts so that every
 * sample pays the cold-JIT cost the extension host pays once per window). Prints one JSON line of timings in ms.
 *
 * `node historyProbe.js stored <globalState.json> <archiveDir> <tasks> <query,query…>` — what the product
 * does at start (src/host/studio.ts): `new TaskStore(globalState, { archive })` over the working set the store
 * left in globalState, and the first screen of the tree at once; then `store.loadArchive()` reads the chunk
 * files from disk (node:fs here, vscode.workspace.fs in the host) and the tree is drawn again over all tasks.
 *
 * `node historyProbe.js keys <snapshot.json> <tasks> <query,query…>` — older versions: one globalState key per
 * task, so the first screen needs the store over all of them.
 *
 * "A screen" is the pure work TaskTreeProvider does for it: the root list (`store.list()` filtered to
 * parentless records, as getChildren() does), and for each of the first 50 rows what getTreeItem() computes
 * from the store (`store.children(id)` — the first call builds the child index — the label as labelOf, the
 * description as describe, and the sorted children of expanded rows). The vscode objects (TreeItem,
 * ThemeIcon, MarkdownString) are not built: they need the extension host.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ArchiveStore, ChunkFiles } from '../src/core/tasks/archive';
import { ChunkArchive } from '../src/core/tasks/archive';
import { promptLabel } from '../src/core/prompts/prompt';
import { TaskStore } from '../src/core/tasks/store';
import { searchTasks } from '../src/core/tasks/taskFilter';
import type { KeyValueStore, TaskRecord } from '../src/core/tasks/store';
import { isFinal } from '../src/core/model/types';
import { relativeTime, statusWords } from '../src/core/model/words';

/** Rows visible in a tall side bar; the tree asks for items of about this many. */
export const VISIBLE_ROWS = 50;

/** A globalState over a parsed snapshot. */
export class SnapshotKv implements KeyValueStore {
  constructor(private readonly data: Record<string, unknown>) {}
  keys(): readonly string[] {
    return Object.keys(this.data);
  }
  get<T>(key: string): T | undefined {
    return this.data[key] as T | undefined;
  }
  update(key: string, value: unknown): PromiseLike<void> {
    if (value === undefined) delete this.data[key];
    else this.data[key] = value;
    return Promise.resolve();
  }
}

/**
 * The archive directory over node:fs, doing what src/host/archive.ts does over vscode.workspace.fs (read the
 * bytes, then decode them on the extension host's thread), with the time of each step.
 */
export class DirFiles implements ChunkFiles {
  /** Waiting for the bytes (off the thread: libuv here, another process behind workspace.fs in VS Code). */
  readWaitMs = 0;
  /** TextDecoder over the bytes, on the thread. */
  decodeMs = 0;
  /** Characters of the largest file read. */
  largest = 0;
  reads = 0;
  writes = 0;
  constructor(private readonly dir: string) {}
  async list(): Promise<string[]> {
    try {
      return (await fs.promises.readdir(this.dir, { withFileTypes: true }))
        .filter((d) => d.isFile())
        .map((d) => d.name);
    } catch {
      return [];
    }
  }
  async read(name: string): Promise<string | undefined> {
    let bytes: Uint8Array;
    const t = performance.now();
    try {
      bytes = await fs.promises.readFile(path.join(this.dir, name));
    } catch {
      return undefined;
    }
    const t1 = performance.now();
    const text = new TextDecoder().decode(bytes);
    this.readWaitMs += t1 - t;
    this.decodeMs += performance.now() - t1;
    this.largest = Math.max(this.largest, text.length);
    this.reads++;
    return text;
  }
  async write(name: string, text: string): Promise<void> {
    this.writes++;
    await fs.promises.writeFile(path.join(this.dir, name), text);
  }
  async delete(name: string): Promise<void> {
    this.writes++;
    await fs.promises.rm(path.join(this.dir, name), { force: true });
  }
}

/** The chunk archive, timing its `load()` (list, read, decode, parse and fold of every chunk). */
class TimedArchive implements ArchiveStore {
  loadMs = 0;
  constructor(private readonly inner: ArchiveStore) {}
  async load(): Promise<TaskRecord[]> {
    const t = performance.now();
    const recs = await this.inner.load();
    this.loadMs += performance.now() - t;
    return recs;
  }
  append(recs: readonly TaskRecord[]): Promise<void> {
    return this.inner.append(recs);
  }
  remove(ids: readonly string[]): Promise<void> {
    return this.inner.remove(ids);
  }
}

/** labelOf in src/host/tree/taskTree.ts. */
function labelOf(rec: TaskRecord): string {
  const label = promptLabel(
    rec.task.prompt || (!rec.parentId && rec.origin.label) || rec.task.description || rec.task.id,
    60,
  );
  return rec.parentId && rec.origin.label ? `${rec.origin.label} · ${label}` : label;
}

/** describe in src/host/tree/taskTree.ts. */
function describe(rec: TaskRecord, now: number): string {
  const when = relativeTime(rec.task.finishTime ?? rec.createdAt, now);
  const s = rec.task.status;
  if (s === 'SUCCESS' || s === 'FAILURE' || s === 'CANCEL' || s === 'MODAL')
    return `${statusWords(s)} · ${when}`;
  if (rec.task.progress !== undefined && s === 'IN_PROGRESS') return `${rec.task.progress}% · ${when}`;
  return `${statusWords(s)} · ${when}`;
}

/** The accessibility label getTreeItem sets (labelOf again, the status and progress). */
function spoken(rec: TaskRecord): string {
  const progress =
    !isFinal(rec.task.status) && rec.task.progress !== undefined ? ` ${rec.task.progress}%` : '';
  return `${labelOf(rec)}, ${statusWords(rec.task.status)}${progress}`;
}

/** One screen of the tree: the ids of its rows, their text (so the work cannot be optimised away). */
export interface Screen {
  ids: string[];
  rows: string[];
  rootsMs: number;
  rowsMs: number;
}

/** The root list and the first VISIBLE_ROWS rows, as TaskTreeProvider computes them. */
export function firstScreen(store: TaskStore, now: number): Screen {
  const t0 = performance.now();
  const roots = store
    .list()
    .filter((r) => !r.parentId || !store.get(r.parentId))
    .map((r) => r.task.id);
  const t1 = performance.now();
  const ids: string[] = [];
  const rows: string[] = [];
  const row = (id: string): TaskRecord[] => {
    const rec = store.get(id)!;
    const kids = store.children(id);
    ids.push(id);
    rows.push(
      `${labelOf(rec)}|${describe(rec, now)}|${spoken(rec)}|${kids.length > 0 ? 'expanded' : 'leaf'}`,
    );
    return kids;
  };
  // Rows with children are created expanded, so their children (oldest first) are on screen too.
  const walk = (id: string): void => {
    const kids = row(id);
    for (const kid of kids.sort((a, b) => a.createdAt - b.createdAt)) {
      if (rows.length >= VISIBLE_ROWS) return;
      walk(kid.task.id);
    }
  };
  for (const id of roots) {
    if (rows.length >= VISIBLE_ROWS) break;
    walk(id);
  }
  return { ids, rows, rootsMs: t1 - t0, rowsMs: performance.now() - t1 };
}

/** The product's search (Search Tasks and the tree's text filter): every query word in the prompt. */
export function search(store: TaskStore, query: string): TaskRecord[] {
  return searchTasks(store.list(), query);
}

/** The longest time the event loop could not run a callback (a frozen extension host), while it runs. */
function blockMeter(): { stop(): number } {
  let longest = 0;
  let last = performance.now();
  let on = true;
  const tick = (): void => {
    const t = performance.now();
    longest = Math.max(longest, t - last);
    last = t;
    if (on) setImmediate(tick);
  };
  setImmediate(tick);
  return {
    stop() {
      on = false;
      return Math.max(longest, performance.now() - last);
    },
  };
}

/** The next turn of the event loop (the tree asks for its rows after the change event, in its own task). */
const nextTurn = (): Promise<void> => new Promise((r) => setImmediate(r));

export interface ProbeResult {
  /** First screen of the tree, cold (the store constructor included). */
  coldRenderMs: number;
  coldPhases: { constructMs: number; rootsMs: number; rowsMs: number };
  /** The same in the same process again (a second window would be cold again; this is the JIT's share). */
  warmRenderMs: number[];
  /** Tasks in the store when the first screen was drawn. */
  firstTasks: number;
  /** `stored` only: from loadArchive() to the screen drawn over all tasks. */
  all?: {
    ms: number;
    /** The longest stretch the event loop was blocked meanwhile. */
    blockMs: number;
    /** The same during loadArchive() alone (read, decode, parse and fold of the chunks, the store taking them). */
    loadBlockMs: number;
    /** Chunk files read. */
    chunks: number;
    /** Waiting for each file's bytes, summed (ChunkArchive reads the next file while it parses one). */
    readWaitMs: number;
    decodeMs: number;
    /** JSON.parse of the chunks. */
    parseMs: number;
    /** ChunkArchive.load() minus decode and parse: the fold, the waits no parse hid, the turns between files. */
    otherMs: number;
    /** loadArchive() minus ChunkArchive.load(): the store taking the records in. */
    storeMs: number;
    /** The screen over all tasks: sort (the first list() after the change), root list, child index, rows. */
    screenMs: number;
    /** JSON.parse of the largest chunk alone, afterwards (warm): the one step nothing can split. */
    parseLargestMs: number;
    largestChars: number;
  };
  coldSearchMs: number;
  warmSearchMs: number[];
  tasks: number;
  rows: number;
  hits: number;
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

async function main(): Promise<void> {
  const [mode, ...args] = process.argv.slice(2);
  const usage =
    'usage: historyProbe stored <globalState.json> <archiveDir> <tasks> <queries> | keys <snapshot.json> <tasks> <queries>';
  if (mode !== 'stored' && mode !== 'keys') throw new Error(usage);
  const [file, dir] = mode === 'stored' ? [args[0], args[1]] : [args[0], undefined];
  const rest = mode === 'stored' ? args.slice(2) : args.slice(1);
  const tasks = Number(rest[0]);
  const queries = (rest[1] ?? 'lighthouse').split(',');
  if (!file || !Number.isFinite(tasks)) throw new Error(usage);
  // VS Code hands the extension its globalState already parsed; that is not the extension's time.
  const globalState = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const now = Date.now();

  const files = dir ? new DirFiles(dir) : undefined;
  const archive = files ? new TimedArchive(new ChunkArchive(files)) : undefined;
  let t = performance.now();
  const store = new TaskStore(new SnapshotKv(globalState), { archive });
  const constructMs = performance.now() - t;
  const first = firstScreen(store, now);
  const coldRenderMs = performance.now() - t;
  const firstTasks = store.list().length;

  let all: ProbeResult['all'];
  if (archive && files) {
    await nextTurn();
    const meter = blockMeter();
    const loadMeter = blockMeter();
    let parseMs = 0;
    const parse = JSON.parse;
    JSON.parse = (text: string, reviver?: Parameters<typeof parse>[1]): unknown => {
      const tp = performance.now();
      const value = parse(text, reviver) as unknown;
      parseMs += performance.now() - tp;
      return value;
    };
    t = performance.now();
    await store.loadArchive().finally(() => (JSON.parse = parse));
    const loadedMs = performance.now() - t;
    const loadBlockMs = loadMeter.stop();
    // Before the largest chunk is read again below.
    const { readWaitMs, decodeMs, reads } = files;
    await nextTurn();
    const t1 = performance.now();
    const screen = firstScreen(store, now);
    const t2 = performance.now();
    const blockMs = meter.stop();
    if (!sameIds(first.ids, screen.ids)) {
      const i = first.ids.findIndex((id, k) => id !== screen.ids[k]);
      throw new Error(
        `the first screen changed when the archive was read (row ${i}: ${first.ids[i]} before, ${screen.ids[i]} after); the working set does not hold the first screen`,
      );
    }
    const largest = (await Promise.all((await files.list()).map((n) => files.read(n)))).reduce(
      (a, b) => ((b?.length ?? 0) > (a?.length ?? 0) ? b : a),
      '',
    );
    const tp = performance.now();
    JSON.parse(largest ?? '');
    const parseLargestMs = performance.now() - tp;
    all = {
      ms: loadedMs + (t2 - t1),
      blockMs,
      loadBlockMs,
      chunks: reads,
      readWaitMs,
      decodeMs,
      parseMs,
      otherMs: archive.loadMs - decodeMs - parseMs,
      storeMs: loadedMs - archive.loadMs,
      screenMs: t2 - t1,
      parseLargestMs,
      largestChars: files.largest,
    };
    if (files.writes) throw new Error('reading the archive wrote to it (compaction?): samples would differ');
  }
  if (store.list().length !== tasks) throw new Error(`${store.list().length} of ${tasks} tasks listed`);

  t = performance.now();
  let hits = search(store, queries[0]!).length;
  const coldSearchMs = performance.now() - t;
  const warmRenderMs: number[] = [];
  const warmSearchMs: number[] = [];
  for (let i = 0; i < 10; i++) {
    t = performance.now();
    const again = firstScreen(new TaskStore(new SnapshotKv(globalState)), now);
    warmRenderMs.push(performance.now() - t);
    if (!sameIds(again.ids, first.ids)) throw new Error('the first screen changed between runs');
    const q = queries[i % queries.length]!;
    t = performance.now();
    // Warm: the same window searching again (the user typing on in the quick pick).
    hits += search(store, q).length;
    warmSearchMs.push(performance.now() - t);
  }
  const result: ProbeResult = {
    coldRenderMs,
    coldPhases: { constructMs, rootsMs: first.rootsMs, rowsMs: first.rowsMs },
    warmRenderMs,
    firstTasks,
    all,
    coldSearchMs,
    warmSearchMs,
    tasks: store.list().length,
    rows: first.rows.length,
    hits,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  });
}
