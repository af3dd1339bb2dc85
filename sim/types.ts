// Public types of the simulator. Other parts of the project (tests, benchmarks, the UI test harness)
// code against these names, so they are kept stable and free of any dependency on src/.

export type Dialect = 'relay' | 'trueai' | 'novicezk';

export type Speed = 'fast' | 'realistic' | number;

export interface SimOptions {
  /** Default 0 (an ephemeral port). */
  port?: number;
  /** Default 'sim-key'; requests without it (per the dialect's auth header) get a 401. */
  key?: string;
  /** Accept any non-empty key. */
  anyKey?: boolean;
  /** Default 'trueai'. */
  dialect?: Dialect;
  /** Total ms from SUBMITTED to a final status: fast ≈ 1500, realistic ≈ 30000, a number = that. */
  speed?: Speed;
  /** Time spent NOT_START before SUBMITTED (default: speed / 10). */
  queueMs?: number;
  /** Image links expire (403) this long after the task finished; default never. */
  imageTtlMs?: number;
  /** Relay dialect: how far the status lags behind (default speed / 2, i.e. 15000 in realistic speed). */
  relayLagMs?: number;
  /**
   * The progress values a task shows between 0 % and 100 %, evenly spaced over its run: Midjourney's
   * [15, 31, 46, 62, 78, 93] by default; [25, 50, 75] or [10, …, 90] for servers with other steps; [] for one
   * that jumps from 0 % to 100 %. `stepsProfile()` makes them from a step size.
   */
  progressSteps?: number[];
  /** Print one line per request to stdout. */
  log?: boolean;
  /** More running tasks than this at submit time → code 22 (queued). Default 3. */
  maxRunning?: number;
  /** Running tasks at which submits are refused (NZ code 23, TA/relay code 9). Default: no limit. */
  queueLimit?: number;
  /** Words that trigger a banned-prompt answer. Default ['gore', 'bannedword']. */
  bannedWords?: string[];
  /** Account remix on: variation/pan/reroll answer code 21 with a MODAL task. */
  remix?: boolean;
  /** Relay dialect: submits accepted before `quota_not_enough`. Default: unlimited. */
  quota?: number;
  /** Relay dialect: the key's limit in USD served by /v1/dashboard/billing/subscription. Default 10. */
  balanceUsd?: number;
  /** Relay dialect: USD each task costs once it reaches SUCCESS (billing usage). Default 0.05. */
  taskPriceUsd?: number;
  /** The model of a prompt without its own `--v` ("6", "7", "8.1"…). Default "6" (the 2024 behaviour). */
  simVersion?: string;
  /** Serve `status` as trueai's enum numbers (NOT_START 0 … CANCEL 7) instead of names. */
  numericStatus?: boolean;
}

export interface RecordedRequest {
  seq: number;
  time: number;
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  /** Parsed JSON, or the raw string when not JSON (undefined when there was no body). */
  body: unknown;
}

export type Fault =
  | { kind: 'status'; status: number; retryAfter?: number; html?: boolean; body?: string }
  | { kind: 'reset' }
  | { kind: 'stall' }
  | { kind: 'slow'; ms: number }
  | { kind: 'malformed' }
  | { kind: 'empty' }
  | { kind: 'noContent' }
  | { kind: 'redirect'; location: string; status?: number }
  /**
   * A submit refused with a return code, as the dialect answers it: 23 queue full, 24 banned prompt
   * (`bannedWord`, default the first word of the prompt), 30 group saturated (relay: HTTP 429). Nothing is created.
   */
  | { kind: 'code'; code: 23 | 24 | 30; bannedWord?: string };

export interface FaultRule {
  fault: Fault;
  method?: string;
  /** A string is a prefix of the path (matched with and without a /mj-fast|relax|turbo prefix). */
  path?: string | RegExp;
  /** Default 1; Infinity allowed. */
  times?: number;
  /** Process the request (create the task) and THEN answer with the fault. */
  afterForwarding?: boolean;
}

/** Tunables that can be changed while running (`configure()` / `POST /__sim/config`). */
export interface SimTuning {
  maxRunning: number;
  queueLimit: number;
  bannedWords: string[];
  remix: boolean;
  quota: number;
  imageTtlMs: number;
  relayLagMs: number | undefined;
  queueMs: number | undefined;
  progressSteps: number[] | undefined;
  anyKey: boolean;
  balanceUsd: number;
  taskPriceUsd: number;
  simVersion: string;
  numericStatus: boolean;
}

export interface Simulator {
  readonly url: string;
  readonly port: number;
  readonly key: string;
  readonly dialect: Dialect;
  readonly requests: RecordedRequest[];
  clearRequests(): void;
  setDialect(d: Dialect): void;
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  setSpeed(speed: Speed | undefined): void;
  /** Overrides fields of a task's JSON as served (for XSS / unknown status tests). */
  patchTask(id: string, patch: Record<string, unknown>): void;
  /** Applies a patch to every task created from now on (e.g. hostile button labels). */
  setTaskTemplate(patch: Record<string, unknown> | undefined): void;
  /** Epoch ms at which the task reached a final status on the server (for detection-lag benchmarks). */
  finishedAt(id: string): number | undefined;
  taskIds(): string[];
  /** Number of /submit/* requests that created a task. */
  submitCount(): number;
  /** Changes tunables (queue limits, banned words, remix, relay quota…) at run time. */
  configure(patch: Partial<SimTuning>): void;
  /** Forgets tasks, requests, faults, patches and the template; restores the start options. */
  reset(): void;
  /** Closes all sockets, including stalled ones. */
  close(): Promise<void>;
}
