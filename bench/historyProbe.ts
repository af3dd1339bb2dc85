/**
 * One cold measurement of the task history, in a fresh Node process (spawned by history.ts so that every
 * sample pays the cold-JIT cost the extension host pays once per window). Reads the 10,000-key globalState
 * snapshot from the file given as argv[2] and prints one JSON line of timings in ms.
 *
 * What "first tree render" covers here: the pure work TaskTreeProvider does for the first screen, i.e.
 * `new TaskStore(kv)` over 10,000 keys, the root list (`store.list()` filtered to parentless records, as
 * getChildren() does), and for each of the first 50 rows what getTreeItem() computes from the store
 * (`store.children(id)` — the first call builds the child index — plus the label via promptLabel, the
 * description via relativeTime/statusWords, and the sorted children of expanded rows). The vscode objects
 * (TreeItem, ThemeIcon, MarkdownString) are not built: they need the extension host.
 */
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { promptLabel } from '../src/core/prompt';
import { TaskStore } from '../src/core/store';
import { searchTasks } from '../src/core/taskFilter';
import type { KeyValueStore, TaskRecord } from '../src/core/store';
import { isFinal } from '../src/core/types';
import { relativeTime, statusWords } from '../src/core/words';

/** Rows visible in a tall side bar; the tree asks for items of about this many. */
export const VISIBLE_ROWS = 50;

/** A read-only globalState over a parsed snapshot (writes are not part of what is measured). */
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

/** The row text getTreeItem shows (same core functions and rules as src/host/tree/taskTree.ts). */
function rowText(rec: TaskRecord, now: number): string {
  const label = promptLabel(rec.task.prompt || rec.task.description || rec.task.id, 60);
  const full = rec.parentId && rec.origin.label ? `${rec.origin.label} · ${label}` : label;
  const when = relativeTime(rec.task.finishTime ?? rec.createdAt, now);
  const s = rec.task.status;
  const progress = !isFinal(s) && rec.task.progress !== undefined ? ` ${rec.task.progress}%` : '';
  return `${full}|${statusWords(s)} · ${when}|${progress}`;
}

/** Builds the store and the first screen of rows; returns the rows so the work cannot be optimised away. */
export function firstRender(
  kv: KeyValueStore,
  now: number,
): { store: TaskStore; rows: string[]; phases: Phases } {
  const t0 = performance.now();
  const store = new TaskStore(kv);
  const t1 = performance.now();
  const roots = store
    .list()
    .filter((r) => !r.parentId || !store.get(r.parentId))
    .map((r) => r.task.id);
  const t2 = performance.now();
  const rows: string[] = [];
  for (const id of roots) {
    if (rows.length >= VISIBLE_ROWS) break;
    const rec = store.get(id)!;
    const kids = store.children(id);
    rows.push(rowText(rec, now));
    // Rows with children are created expanded, so their children are on screen too.
    for (const kid of kids.sort((a, b) => a.createdAt - b.createdAt)) {
      if (rows.length >= VISIBLE_ROWS) break;
      store.children(kid.task.id);
      rows.push(rowText(kid, now));
    }
  }
  const t3 = performance.now();
  return { store, rows, phases: { constructMs: t1 - t0, rootsMs: t2 - t1, rowsMs: t3 - t2 } };
}

/** Where the first render's time goes: the store constructor, the sorted root list, the visible rows. */
export interface Phases {
  constructMs: number;
  rootsMs: number;
  rowsMs: number;
}

/** The product's search (Search Tasks and the tree's text filter): every query word in the prompt. */
export function search(store: TaskStore, query: string): TaskRecord[] {
  return searchTasks(store.list(), query);
}

export interface ProbeResult {
  coldRenderMs: number;
  coldPhases: Phases;
  warmRenderMs: number[];
  coldSearchMs: number;
  warmSearchMs: number[];
  rows: number;
  hits: number;
}

function main(): void {
  const file = process.argv[2];
  const queries = (process.argv[3] ?? 'lighthouse').split(',');
  if (!file) throw new Error('usage: historyProbe <snapshot.json> [query,query…]');
  const snapshot = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const now = Date.now();
  let t = performance.now();
  const first = firstRender(new SnapshotKv(snapshot), now);
  const coldRenderMs = performance.now() - t;
  t = performance.now();
  let hits = search(first.store, queries[0]!).length;
  const coldSearchMs = performance.now() - t;
  const warmRenderMs: number[] = [];
  const warmSearchMs: number[] = [];
  for (let i = 0; i < 10; i++) {
    t = performance.now();
    const again = firstRender(new SnapshotKv(snapshot), now);
    warmRenderMs.push(performance.now() - t);
    if (again.rows.length !== first.rows.length) throw new Error('the render changed between runs');
    const q = queries[i % queries.length]!;
    t = performance.now();
    // Warm: the same window searching again (the user typing on in the quick pick).
    hits += search(first.store, q).length;
    warmSearchMs.push(performance.now() - t);
  }
  const result: ProbeResult = {
    coldRenderMs,
    coldPhases: first.phases,
    warmRenderMs,
    coldSearchMs,
    warmSearchMs,
    rows: first.rows.length,
    hits,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (require.main === module) main();
