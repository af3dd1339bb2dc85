import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ChunkFiles } from '../src/core/tasks/archive';
import { ChunkArchive } from '../src/core/tasks/archive';
import { MjClient } from '../src/core/api/client';
import { TaskStore, TASK_KEY_PREFIX, taskKey } from '../src/core/tasks/store';
import type { TaskRecord } from '../src/core/tasks/store';
import { TaskService } from '../src/core/tasks/taskService';
import type { Task } from '../src/core/model/types';
import { startSimulator } from '../sim/server';
import { SnapshotKv } from './historyProbe';
import type { ProbeResult } from './historyProbe';
import { goalRow, infoRow, median } from './report';
import type { Row } from './report';

export interface HistoryOptions {
  tasks?: number;
  /** Fresh processes, each giving one cold first-render sample. */
  processes?: number;
}

export interface HistoryResult {
  /** First screen of the tree before the archive is read (the goal row). */
  coldRenderMs: number;
  warmRenderMs: number;
  /** loadArchive() from the chunk files + the screen over all tasks. */
  allListedMs: number;
  /** The longest event-loop block during that. */
  blockMs: number;
  /** The same during loadArchive() alone. */
  loadBlockMs: number;
  /** Chunk files the archive read. */
  chunkFiles: number;
  searchMs: number;
  globalStateBytes: number;
  archiveBytes: number;
  rows: Row[];
  notes: string[];
}

const words = (
  'lighthouse cliff dawn fox snow neon city rain cat windowsill castle fog watercolor portrait old sailor ' +
  'forest spirits moss cathedral desert caravan sunset koi pond ink wash astronaut garden robot tea ceremony ' +
  'cyberpunk market owl library candle glacier aurora bamboo temple steampunk airship harbor lantern festival'
).split(' ');
const params = [
  '',
  ' --ar 16:9',
  ' --ar 3:2 --v 7',
  ' --v 6.1 --style raw',
  ' --ar 9:16 --chaos 20 --stylize 250',
];

/** A deterministic pseudo-random sequence, so every run stores the same 10,000 prompts. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Makes one grid and one U1 upscale through the real client, task service and store against the simulator,
 * so the template records have exactly the fields (buttons, image URLs, times, origin) the product writes.
 */
async function templateRecords(): Promise<{ grid: TaskRecord; upscale: TaskRecord }> {
  const sim = await startSimulator({ speed: 300 });
  try {
    const client = new MjClient({ baseUrl: sim.url, apiKey: sim.key });
    const store = new TaskStore(new SnapshotKv({}));
    const service = new TaskService({ client: () => client, store, track: () => undefined });
    const finish = async (id: string): Promise<TaskRecord> => {
      for (let i = 0; i < 100; i++) {
        const task = await client.fetchTask(id);
        if (task?.status === 'SUCCESS') {
          await store.applyServerTask(task);
          // The host records where ImageCache saved the final image; a typical globalStorage path.
          const localImage = `/home/user/.vscode-server/data/User/globalStorage/midjourney-studio.midjourney-studio/images/${id}.png`;
          return (await store.update(id, { localImage }))!;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`simulator task ${id} did not finish`);
    };
    const grid = await finish(
      (await service.imagine('a lighthouse on a cliff at dawn --ar 3:2')).record.task.id,
    );
    const u1 = grid.task.buttons.find((b) => b.label === 'U1');
    if (!u1) throw new Error('the simulator grid has no U1 button');
    const upscale = await finish((await service.pressButton(grid.task.id, u1.customId)).record.task.id);
    return { grid, upscale };
  } finally {
    await sim.close();
  }
}

function withId(
  rec: TaskRecord,
  id: string,
  oldId: string,
  task: Partial<Task>,
  extra: Partial<TaskRecord>,
): TaskRecord {
  // Ids appear in image URLs and paths too: replace them everywhere so sizes match real records.
  const json = JSON.stringify(rec).split(oldId).join(id);
  const copy = JSON.parse(json) as TaskRecord;
  return { ...copy, ...extra, task: { ...copy.task, ...task } };
}

/**
 * The globalState a user with `count` tasks has: 80 % grids (roots), 20 % upscales nested under an earlier
 * grid, one key per task as TaskStore writes them, created over the last 90 days.
 */
export async function historySnapshot(count: number): Promise<Record<string, unknown>> {
  const { grid, upscale } = await templateRecords();
  const random = rng(42);
  const snapshot: Record<string, unknown> = {};
  const grids: string[] = [];
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    const createdAt = now - Math.floor((count - i) * ((90 * 86_400_000) / count));
    const id = `${createdAt}${String(i % 1000).padStart(3, '0')}`;
    const n = 4 + Math.floor(random() * 14);
    const prompt =
      Array.from({ length: n }, () => words[Math.floor(random() * words.length)]).join(' ') +
      params[Math.floor(random() * params.length)];
    const times = { submitTime: createdAt, startTime: createdAt + 2000, finishTime: createdAt + 40_000 };
    let rec: TaskRecord;
    if (grids.length > 0 && random() < 0.2) {
      const parentId = grids[Math.floor(random() * grids.length)]!;
      const parent = snapshot[taskKey(parentId)] as TaskRecord;
      rec = withId(
        upscale,
        id,
        upscale.task.id,
        { prompt: parent.task.prompt, ...times },
        {
          parentId,
          createdAt,
          updatedAt: createdAt + 40_000,
        },
      );
    } else {
      rec = withId(
        grid,
        id,
        grid.task.id,
        { prompt, ...times },
        { createdAt, updatedAt: createdAt + 40_000 },
      );
      grids.push(id);
    }
    snapshot[taskKey(id)] = rec;
  }
  return snapshot;
}

/** The archive's directory in memory while the store migrates the snapshot (the probes read it from disk). */
class MemoryFiles implements ChunkFiles {
  readonly files = new Map<string, string>();
  list(): Promise<string[]> {
    return Promise.resolve([...this.files.keys()]);
  }
  read(name: string): Promise<string | undefined> {
    return Promise.resolve(this.files.get(name));
  }
  write(name: string, text: string): Promise<void> {
    this.files.set(name, text);
    return Promise.resolve();
  }
  delete(name: string): Promise<void> {
    this.files.delete(name);
    return Promise.resolve();
  }
}

/**
 * What the store keeps once it has run over the snapshot (one key per task, as older versions wrote them), as
 * an existing user's first start does: the working set left in globalState and the archive's chunk files.
 */
async function storedHistory(
  snapshot: Record<string, unknown>,
): Promise<{ globalState: Record<string, unknown>; chunks: Map<string, string> }> {
  const globalState = structuredClone(snapshot);
  const files = new MemoryFiles();
  const store = new TaskStore(new SnapshotKv(globalState), { archive: new ChunkArchive(files) });
  await store.loadArchive();
  await store.flush();
  return { globalState, chunks: files.files };
}

/** Runs one probe process (historyProbe.ts) and returns its result line. */
function probe(args: string[]): ProbeResult {
  const out = execFileSync(process.execPath, [path.join(__dirname, 'historyProbe.js'), ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as ProbeResult;
}

const QUERIES = 'lighthouse,koi pond,NEON,--ar 9:16,no such words';

/**
 * History with 10,000 tasks, as a window starts with it: the first screen of the tree over the working set in
 * globalState, then the archive read from its chunk files on disk and the tree over all tasks, then search
 * (medians of cold samples, each in a fresh Node process); the same first screen over one key per task, as
 * older versions stored it; and the bytes kept in globalState (VS Code stores an extension's globalState as one
 * JSON object, so that is JSON.stringify of every key).
 */
export async function runHistoryBench(opts: HistoryOptions = {}): Promise<HistoryResult> {
  const count = opts.tasks ?? 10_000;
  const processes = opts.processes ?? 5;
  const snapshot = await historySnapshot(count);
  const oneKeyEachBytes = Buffer.byteLength(JSON.stringify(snapshot));
  const stored = await storedHistory(snapshot);
  const keys = Object.keys(stored.globalState).filter((k) => k.startsWith(TASK_KEY_PREFIX)).length;
  const globalStateBytes = Buffer.byteLength(JSON.stringify(stored.globalState));
  let archiveBytes = 0;
  for (const text of stored.chunks.values()) archiveBytes += Buffer.byteLength(text);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mjs-bench-history-'));
  const archiveDir = path.join(dir, 'archive');
  const snapshotFile = path.join(dir, 'oneKeyEach.json');
  const globalStateFile = path.join(dir, 'globalState.json');
  const samples: ProbeResult[] = [];
  const old: ProbeResult[] = [];
  try {
    fs.mkdirSync(archiveDir);
    for (const [name, text] of stored.chunks) fs.writeFileSync(path.join(archiveDir, name), text);
    fs.writeFileSync(snapshotFile, JSON.stringify(snapshot));
    fs.writeFileSync(globalStateFile, JSON.stringify(stored.globalState));
    // Interleaved, so a burst of load on the shared machine does not land on one layout only.
    for (let i = 0; i < processes; i++) {
      samples.push(probe(['stored', globalStateFile, archiveDir, String(count), QUERIES]));
      old.push(probe(['keys', snapshotFile, String(count), QUERIES]));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const all = samples.map((s) => s.all!);
  const ms = (xs: number[]): string => `${median(xs).toFixed(1)} ms`;
  const coldRenderMs = median(samples.map((s) => s.coldRenderMs));
  const warmRenderMs = median(samples.flatMap((s) => s.warmRenderMs));
  const allListedMs = median(all.map((a) => a.ms));
  const blockMs = median(all.map((a) => a.blockMs));
  const loadBlockMs = median(all.map((a) => a.loadBlockMs));
  const chunkFiles = all[0]?.chunks ?? 0;
  const coldSearchMs = median(samples.map((s) => s.coldSearchMs));
  const searchMs = median(samples.flatMap((s) => s.warmSearchMs));
  const largestKb = `${((all[0]?.largestChars ?? 0) / 1024).toFixed(0)} KB`;
  const rows: Row[] = [
    goalRow(
      'history',
      `first tree render, ${count} tasks in history (cold, median of ${processes} processes)`,
      coldRenderMs,
      50,
      'ms',
    ),
    infoRow('history', 'first tree render, warm (median)', warmRenderMs, 'ms'),
    infoRow('history', `all ${count} tasks listed (archive read + tree over all; cold)`, allListedMs, 'ms'),
    infoRow('history', 'longest event-loop block meanwhile (cold)', blockMs, 'ms'),
    infoRow(
      'history',
      `longest block while the ${chunkFiles} chunk file(s) are read (cold)`,
      loadBlockMs,
      'ms',
    ),
    infoRow(
      'history',
      `JSON.parse of the largest chunk (${largestKb}, warm)`,
      median(all.map((a) => a.parseLargestMs)),
      'ms',
    ),
    goalRow('history', `search over ${count} prompts (warm, median)`, searchMs, 20, 'ms'),
    infoRow('history', 'search, first call (cold, median)', coldSearchMs, 'ms'),
    goalRow(
      'history',
      `globalState for ${count} tasks (${keys} keys kept)`,
      globalStateBytes,
      256 * 1024,
      'KB',
    ),
    infoRow('history', 'globalState bytes per kept task', globalStateBytes / keys, 'B'),
    infoRow('history', `archive, ${stored.chunks.size} chunk file(s)`, archiveBytes, 'KB'),
    infoRow(
      'history',
      'first tree render, one key per task (older versions; cold)',
      median(old.map((s) => s.coldRenderMs)),
      'ms',
    ),
    infoRow('history', 'globalState, one key per task (older versions)', oneKeyEachBytes, 'KB'),
  ];
  return {
    coldRenderMs,
    warmRenderMs,
    allListedMs,
    blockMs,
    loadBlockMs,
    chunkFiles,
    searchMs,
    globalStateBytes,
    archiveBytes,
    rows,
    notes: [
      `first tree render = new TaskStore(globalState: the ${samples[0]?.firstTasks ?? 0} tasks of the working set, { archive }) + root list + child index + label/description of the first ${samples[0]?.rows ?? 0} rows, before the archive is read (pure parts, Node ${process.version}; no vscode TreeItem objects); each probe checks that the first screen has the same task ids after the archive is read`,
      `cold first render phases (medians): TaskStore constructor ${ms(samples.map((s) => s.coldPhases.constructMs))}, root list ${ms(samples.map((s) => s.coldPhases.rootsMs))}, visible rows ${ms(samples.map((s) => s.coldPhases.rowsMs))}`,
      `all listed = store.loadArchive() over the chunk files on disk (node:fs, bytes decoded with TextDecoder as src/host/archive.ts does) + the same screen over all ${count}; phases (medians): waiting for the bytes ${ms(all.map((a) => a.readWaitMs))} (summed per file: off the thread, and the next file is read while one is parsed), decode ${ms(all.map((a) => a.decodeMs))}, JSON.parse ${ms(all.map((a) => a.parseMs))}, the rest of ChunkArchive.load (fold, waits no parse hid, turns between files) ${ms(all.map((a) => a.otherMs))}, the store taking the records in ${ms(all.map((a) => a.storeMs))}, screen over all (sort, child index, rows) ${ms(all.map((a) => a.screenMs))}`,
      'longest block = the longest time a setImmediate ticker could not run while the archive was read and the screen drawn: how long the extension host froze at once; wall-clock, so on a loaded machine it includes time the process was not scheduled',
      `longest block per sample: meanwhile ${all.map((a) => a.blockMs.toFixed(0)).join(', ')} ms; while the chunks are read (loadArchive) ${all.map((a) => a.loadBlockMs.toFixed(0)).join(', ')} ms`,
      'search = searchTasks(store.list(), q) from src/core/tasks/taskFilter.ts over all tasks after the archive is read, what Search Tasks and the text filter run',
      `older versions: the first screen needed new TaskStore over one globalState key per task (${count} keys); cold phases (medians): constructor ${ms(old.map((s) => s.coldPhases.constructMs))}, root list ${ms(old.map((s) => s.coldPhases.rootsMs))}, rows ${ms(old.map((s) => s.coldPhases.rowsMs))}`,
    ],
  };
}
