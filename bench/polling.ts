/**
 * Polling benchmark: our adaptive Poller against the ways other clients poll, each over real HTTP
 * against its own simulator (same task plan, run side by side so the whole bench takes about a minute).
 *
 *   npx tsc -p tsconfig.test.json && node out/bench/polling.js [--seed N] [--tasks N] [--steps 16|25|10|jump] [--json]
 *
 * Counted: poll requests only (fetch and list-by-condition; submits are the same for everyone).
 * Detection lag: from the moment the simulator's schedule finished the task (`finishedAt`) to the
 * moment the poller's side saw the final status (for ours: the store had it).
 */
import { MjClient } from '../src/core/api/client';
import { Poller } from '../src/core/tasks/poller';
import type { ProgressMemory, ProgressModel } from '../src/core/tasks/serverProgress';
import { TaskStore } from '../src/core/tasks/store';
import type { KeyValueStore } from '../src/core/tasks/store';
import type { Task } from '../src/core/model/types';
import { isFinal } from '../src/core/model/types';
import { startSimulator } from '../sim/server';
import type { Simulator } from '../sim/server';
import { stepsProfile } from '../sim/tasks';

export interface PollingBenchOptions {
  /** Concurrent tasks (default 10). */
  tasks?: number;
  /** Each task's run, from SUBMITTED to final, is drawn from this range (default 20-40 s). */
  minDurationMs?: number;
  maxDurationMs?: number;
  /** Gap between two submits is drawn from 0..staggerMs (default 1500). */
  staggerMs?: number;
  seed?: number;
  /** The server's progress steps: 16 (Midjourney's, the default), 25, 10 …, or 'jump' (0 % to 100 %). */
  steps?: number | 'jump';
  /** Progress lines (default: none). */
  log?: (line: string) => void;
  /**
   * What our poller remembers of the server from an earlier session (and where it keeps what it learns):
   * pass the same memory to a second run to measure the next session. Default: a first session.
   */
  memory?: ProgressMemory;
}

/** A ProgressMemory in a Map, as globalState keeps it for the extension. */
export function memoryInMap(): ProgressMemory {
  const m = new Map<string, ProgressModel>();
  return { get: (k) => m.get(k), set: (k, v) => void m.set(k, v) };
}

export interface PollerFigures {
  name: string;
  requests: number;
  requestsPerTaskMinute: number;
  lagMs: { p50: number; p95: number; max: number };
}

export interface PollingBenchResult {
  plan: Array<{ submitAfterMs: number; durationMs: number }>;
  ours: PollerFigures;
  baselines: { list2s: PollerFigures; fetch2s: PollerFigures; fetch5s: PollerFigures };
  ratios: { vsList2s: number; vsFetch2s: number; vsFetch5s: number };
  /**
   * The fewest requests any poller could have made on ours' run: it knows every finish time, sees each
   * within 1.3 s and leaves no running task unpolled for more than 5 s. Shows how far the goals can go.
   */
  oracle: { requests: number; vsList2s: number };
  goals: { halfOfList2s: boolean; fifthOfFetch2s: boolean; p95LagWithin1500ms: boolean };
}

/** Deterministic PRNG (mulberry32), so a run can be repeated. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}

/** Greedy lower bound: each poll as late as the cap and the earliest unseen finish allow. */
function oracle(firstSubmit: number, finishes: number[], capMs = 5000, lagMs = 1300): number {
  const fs = [...finishes].sort((a, b) => a - b);
  let last = firstSubmit;
  let n = 0;
  for (let i = 0; i < fs.length; ) {
    last = Math.min(last + capMs, (fs[i] as number) + lagMs);
    n++;
    while (i < fs.length && (fs[i] as number) <= last) i++;
  }
  return n;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

class MemoryKv implements KeyValueStore {
  private readonly data = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.data.keys()];
  }
  get<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, value);
    return Promise.resolve();
  }
}

/** What each contender must do: submit the plan, poll, and say when it saw each task final. */
interface Contender {
  name: string;
  onSubmitted(id: string, at: number): void;
  finish(): Promise<Map<string, number>>;
  dispose(): void;
}

function taskStub(id: string): Task {
  return {
    id,
    action: 'IMAGINE',
    status: 'SUBMITTED',
    prompt: '',
    promptEn: '',
    description: '',
    state: '',
    buttons: [],
  };
}

function adaptive(client: MjClient, memory?: ProgressMemory): Contender {
  const store = new TaskStore(new MemoryKv());
  const seen = new Map<string, number>();
  let expected = 0;
  let done: () => void = () => undefined;
  const allSeen = new Promise<void>((r) => (done = r));
  store.onDidChange(({ ids }) => {
    for (const id of ids) {
      const rec = store.get(id);
      if (rec && isFinal(rec.task.status) && !seen.has(id)) seen.set(id, Date.now());
    }
    if (expected > 0 && seen.size >= expected) done();
  });
  const poller = new Poller({ reader: client, store, memory, onError: (e) => console.error('poller:', e) });
  poller.start();
  return {
    name: 'ours: adaptive, one list per tick',
    onSubmitted(id, at) {
      void store.add({ task: taskStub(id), origin: { kind: 'imagine' }, createdAt: at, updatedAt: at });
      poller.track(id);
    },
    async finish() {
      expected = store.list().length;
      if (seen.size < expected) await allSeen;
      return seen;
    },
    dispose: () => poller.dispose(),
  };
}

/** Fixed-interval pollers: per-task fetch (Dooy-style, and a faster variant) or one list for all. */
function fixed(client: MjClient, kind: 'fetch' | 'list', everyMs: number, name: string): Contender {
  const seen = new Map<string, number>();
  const pending = new Set<string>();
  let stopped = false;
  const loops: Promise<void>[] = [];
  const note = (t: Task): void => {
    if (isFinal(t.status) && !seen.has(t.id)) {
      seen.set(t.id, Date.now());
      pending.delete(t.id);
    }
  };
  let listLoop: Promise<void> | undefined;
  return {
    name,
    onSubmitted(id) {
      pending.add(id);
      if (kind === 'fetch') {
        loops.push(
          (async () => {
            while (!stopped && !seen.has(id)) {
              await sleep(everyMs);
              const t = await client.fetchTask(id).catch(() => undefined);
              if (t) note(t);
            }
          })(),
        );
      } else {
        listLoop ??= (async () => {
          while (!stopped && pending.size > 0) {
            await sleep(everyMs);
            const ts = await client.listByCondition([...pending]).catch(() => [] as Task[]);
            ts.forEach(note);
          }
        })();
      }
    },
    async finish() {
      await Promise.all(loops);
      await listLoop;
      return seen;
    },
    dispose: () => (stopped = true),
  };
}

async function runOne(
  sim: Simulator,
  make: (client: MjClient) => Contender,
  plan: PollingBenchResult['plan'],
): Promise<PollerFigures & { oracleRequests: number }> {
  const client = new MjClient({ baseUrl: sim.url, apiKey: sim.key });
  const c = make(client);
  const submitted = new Map<string, number>();
  try {
    for (const p of plan) {
      await sleep(p.submitAfterMs);
      sim.setSpeed(p.durationMs);
      const res = await client.imagine({ prompt: `bench task ${submitted.size}` });
      const at = Date.now();
      submitted.set(res.taskId, at);
      c.onSubmitted(res.taskId, at);
    }
    const seen = await c.finish();
    const requests = sim.requests.filter((r) => /\/task\//.test(r.path)).length;
    const lags: number[] = [];
    let taskMs = 0;
    for (const [id, at] of submitted) {
      const saw = seen.get(id) ?? NaN;
      lags.push(saw - (sim.finishedAt(id) ?? NaN));
      taskMs += saw - at;
    }
    const finishes = [...submitted.keys()].map((id) => sim.finishedAt(id) ?? NaN);
    return {
      name: c.name,
      oracleRequests: oracle([...submitted.values()][0] ?? 0, finishes),
      requests,
      requestsPerTaskMinute: requests / (taskMs / 60_000),
      lagMs: { p50: percentile(lags, 50), p95: percentile(lags, 95), max: Math.max(...lags) },
    };
  } finally {
    c.dispose();
    await client.close();
  }
}

/**
 * Submit the same plan of tasks to four simulators and poll each with a different strategy, all at
 * once. Returns the figures; prints nothing unless `opts.log` is given.
 */
export async function runPollingBench(opts: PollingBenchOptions = {}): Promise<PollingBenchResult> {
  const n = opts.tasks ?? 10;
  const lo = opts.minDurationMs ?? 20_000;
  const hi = opts.maxDurationMs ?? 40_000;
  const rnd = prng(opts.seed ?? 1);
  const plan = Array.from({ length: n }, (_, i) => ({
    submitAfterMs: i === 0 ? 0 : Math.round(rnd() * (opts.staggerMs ?? 1500)),
    durationMs: Math.round(lo + rnd() * (hi - lo)),
  }));
  const sims = await Promise.all(
    [0, 1, 2, 3].map(() =>
      startSimulator({
        dialect: 'trueai',
        speed: lo,
        maxRunning: 1000,
        progressSteps: stepsProfile(opts.steps ?? 16),
      }),
    ),
  );
  try {
    opts.log?.(`running ${n} tasks of ${lo / 1000}-${hi / 1000} s against 4 simulators…`);
    const [{ oracleRequests, ...ours }, list2s, fetch2s, fetch5s] = await Promise.all([
      runOne(sims[0]!, (c) => adaptive(c, opts.memory), plan),
      runOne(sims[1]!, (c) => fixed(c, 'list', 2000, 'list-by-condition every 2 s (web UI)'), plan),
      runOne(sims[2]!, (c) => fixed(c, 'fetch', 2000, 'per-task fetch every 2 s'), plan),
      runOne(sims[3]!, (c) => fixed(c, 'fetch', 5000, 'per-task fetch every 5 s (Dooy)'), plan),
    ]);
    const ratios = {
      vsList2s: ours.requests / list2s.requests,
      vsFetch2s: ours.requests / fetch2s.requests,
      vsFetch5s: ours.requests / fetch5s.requests,
    };
    const strip = ({ oracleRequests: _, ...f }: PollerFigures & { oracleRequests: number }): PollerFigures =>
      f;
    return {
      plan,
      ours,
      baselines: { list2s: strip(list2s), fetch2s: strip(fetch2s), fetch5s: strip(fetch5s) },
      ratios,
      oracle: { requests: oracleRequests, vsList2s: oracleRequests / list2s.requests },
      goals: {
        halfOfList2s: ratios.vsList2s <= 0.6,
        fifthOfFetch2s: ratios.vsFetch2s <= 0.2,
        p95LagWithin1500ms: ours.lagMs.p95 <= 1500,
      },
    };
  } finally {
    await Promise.all(sims.map((s) => s.close()));
  }
}

/** The result as a plain-text table. */
export function formatPollingBench(r: PollingBenchResult): string {
  const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  const rows = [r.ours, r.baselines.list2s, r.baselines.fetch2s, r.baselines.fetch5s].map(
    (f) =>
      `${f.name.padEnd(40)} ${String(f.requests).padStart(8)} ${f.requestsPerTaskMinute.toFixed(1).padStart(12)}` +
      ` ${s(f.lagMs.p50).padStart(8)} ${s(f.lagMs.p95).padStart(8)} ${s(f.lagMs.max).padStart(8)}`,
  );
  const ok = (b: boolean): string => (b ? 'met' : 'MISSED');
  return [
    `${'poller'.padEnd(40)} ${'requests'.padStart(8)} ${'req/task-min'.padStart(12)} ${'p50 lag'.padStart(8)} ${'p95 lag'.padStart(8)} ${'max lag'.padStart(8)}`,
    ...rows,
    '',
    `ours / list every 2 s:  ${r.ratios.vsList2s.toFixed(2)}  (goal <= 0.6: ${ok(r.goals.halfOfList2s)})`,
    `  (an oracle that knows every finish time, with the same 5 s cap: ${r.oracle.requests} requests, ` +
      `${r.oracle.vsList2s.toFixed(2)}x)`,
    `ours / fetch every 2 s: ${r.ratios.vsFetch2s.toFixed(2)}  (goal <= 0.2: ${ok(r.goals.fifthOfFetch2s)})`,
    `ours / fetch every 5 s: ${r.ratios.vsFetch5s.toFixed(2)}`,
    `ours p95 detection lag: ${s(r.ours.lagMs.p95)}  (goal <= 1.5 s: ${ok(r.goals.p95LagWithin1500ms)})`,
  ].join('\n');
}

if (require.main === module) {
  const arg = (name: string): number | undefined => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  const stepsArg = process.argv[process.argv.indexOf('--steps') + 1];
  const steps = !process.argv.includes('--steps')
    ? undefined
    : stepsArg === 'jump'
      ? 'jump'
      : Number(stepsArg);
  runPollingBench({ seed: arg('--seed'), tasks: arg('--tasks'), steps, log: (l) => console.log(l) }).then(
    (r) => {
      console.log(process.argv.includes('--json') ? JSON.stringify(r, null, 2) : formatPollingBench(r));
    },
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
