/**
 * The real core stack (MjClient → TaskService → TaskStore ← Poller) over loopback against the simulator,
 * with the two checks every row of the reliability fault matrix ends with: no task lost, and the
 * simulator's request log holds exactly the submits the user asked for (zero duplicates).
 */
import * as assert from 'node:assert/strict';
import { MjClient } from '../../src/core/api/client';
import type { MjClientOptions } from '../../src/core/api/client';
import { Poller } from '../../src/core/tasks/poller';
import type { PollerOptions } from '../../src/core/tasks/poller';
import type { KeyValueStore } from '../../src/core/tasks/store';
import { TaskStore } from '../../src/core/tasks/store';
import { TaskService } from '../../src/core/tasks/taskService';
import { isFinal } from '../../src/core/model/types';
import { startSimulator } from '../../sim/server';
import type { Dialect, SimOptions, Simulator } from '../../sim/server';

/** A Memento-like store; one instance shared by two rigs is the globalState two windows share. */
export class MemoryKv implements KeyValueStore {
  readonly map = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.map.keys()];
  }
  get<T>(key: string): T | undefined {
    return structuredClone(this.map.get(key)) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    await Promise.resolve();
    if (value === undefined) this.map.delete(key);
    else this.map.set(key, structuredClone(value));
  }
}

/** One editor window's core: client, store, poller and task service, plus what the poller reported. */
export interface Window {
  client: MjClient;
  store: TaskStore;
  poller: Poller;
  service: TaskService;
  errors: unknown[];
  /** Every status the store showed per task, in order (what the tree would have drawn). */
  statuses: Map<string, string[]>;
  /** Requests this window's poller sent (the simulator's log cannot tell two windows apart). */
  reads: { lists: number; fetches: number };
  dispose(): Promise<void>;
}

/** Fast poller settings so each row runs in a few seconds; the logic is the production one. */
export const FAST_POLL: Partial<PollerOptions> = { minIntervalMs: 50, maxIntervalMs: 250, lagTargetMs: 100 };

/** Starts a simulator with fast tasks (600 ms) unless told otherwise. */
export function startSim(dialect: Dialect, opts: SimOptions = {}): Promise<Simulator> {
  return startSimulator({ dialect, speed: 600, queueMs: 20, relayLagMs: 0, ...opts });
}

/** Builds one window's stack against `sim` (sharing `kv` when given) and starts its poller. */
export function openWindow(
  sim: Simulator,
  opts: { kv?: KeyValueStore; client?: Partial<MjClientOptions>; poller?: Partial<PollerOptions> } = {},
): Window {
  const client = new MjClient({
    baseUrl: sim.url,
    apiKey: sim.key,
    authHeader: sim.dialect === 'novicezk' ? 'mj-api-secret' : 'Authorization',
    retry: { baseDelayMs: 10, maxDelayMs: 50 },
    ...opts.client,
  });
  const store = new TaskStore(opts.kv ?? new MemoryKv());
  const errors: unknown[] = [];
  const statuses = new Map<string, string[]>();
  const sub = store.onDidChange(({ ids }) => {
    for (const id of ids) {
      const s = store.get(id)?.task.status;
      if (s === undefined) continue;
      const seen = statuses.get(id) ?? [];
      if (seen.at(-1) !== s) seen.push(s);
      statuses.set(id, seen);
    }
  });
  const reads = { lists: 0, fetches: 0 };
  const poller = new Poller({
    reader: {
      listByCondition: (ids, o) => (reads.lists++, client.listByCondition(ids, o)),
      fetchTask: (id, o) => (reads.fetches++, client.fetchTask(id, o)),
    },
    store,
    onError: (e) => errors.push(e),
    ...FAST_POLL,
    ...opts.poller,
  });
  const service = new TaskService({
    client: () => client,
    store,
    track: (id) => {
      poller.track(id);
      // Skip the join delay a real window waits before a new task's first poll (it only costs test time).
      poller.pokeSoon();
    },
  });
  poller.start();
  return {
    client,
    store,
    poller,
    service,
    errors,
    statuses,
    reads,
    async dispose() {
      poller.dispose();
      sub.dispose();
      await store.flush();
      await client.close();
    },
  };
}

/** Waits until `check` holds, polling every 20 ms. */
export async function until(check: () => boolean, ms = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until every task of the store has a final status. */
export function allFinal(w: Window, ms = 10_000): Promise<void> {
  return until(
    () => w.store.list().length > 0 && w.store.list().every((r) => isFinal(r.task.status)),
    ms,
    `all final: ${w.store
      .list()
      .map((r) => `${r.task.id}=${r.task.status}`)
      .join(', ')}`,
  );
}

/** POST /submit/* requests in the simulator's log. */
export function submitRequests(sim: Simulator): Array<{ path: string; body: unknown }> {
  return sim.requests.filter((r) => r.method === 'POST' && /\/submit\//.test(r.path));
}

/** List-by-condition requests in the simulator's log. */
export function listRequests(sim: Simulator): Array<{ time: number; body: unknown }> {
  return sim.requests.filter((r) => /\/task\/list-by-(condition|ids)$/.test(r.path));
}

/**
 * The two checks of every row. No task lost: every task the simulator made is in the store, in the
 * simulator's own final status. Zero duplicate submits: the log holds exactly `userSubmits` submit
 * requests, no two with the same body, and the simulator created no more tasks than that.
 */
export async function assertNothingLostNoDuplicates(
  sim: Simulator,
  stores: Window[],
  userSubmits: number,
): Promise<void> {
  const subs = submitRequests(sim);
  assert.equal(subs.length, userSubmits, `submit requests: ${JSON.stringify(subs.map((s) => s.path))}`);
  const bodies = subs.map((s) => JSON.stringify(s.body));
  assert.equal(new Set(bodies).size, bodies.length, 'two submits with the same body');
  assert.ok(sim.submitCount() <= userSubmits, `the simulator created ${sim.submitCount()} tasks`);
  // The simulator's own view of every task it made (trueai's shape, so no relay lag in it).
  const server = (await (await fetch(`${sim.url}/__sim/tasks`)).json()) as Array<{
    id: string;
    status: string;
  }>;
  assert.equal(server.length, sim.taskIds().length);
  for (const w of stores) {
    for (const t of server) {
      const rec = w.store.get(t.id);
      assert.ok(rec, `task ${t.id} is lost (not in the store)`);
      assert.equal(rec.task.status, t.status, `task ${t.id}: store ${rec.task.status}, server ${t.status}`);
    }
  }
}
