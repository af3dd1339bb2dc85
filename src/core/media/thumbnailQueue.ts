/**
 * The queue of thumbnails to make, fed to one worker thread (thumbnailWorker.ts). The extension host's
 * thread only posts a path and receives a yes/no per picture, so 1,000 new pictures never block it; the
 * pictures the gallery shows right now go to the front. The worker starts on the first job and stops after
 * a while without work.
 */
import { Worker } from 'node:worker_threads';

export interface ThumbJob {
  id: string;
  /** The local picture. */
  src: string;
  /** Where its thumbnail goes. */
  out: string;
  max?: number;
}

export interface ThumbResult {
  id: string;
  ok: boolean;
  error?: string;
}

export interface ThumbQueueOptions {
  /** The worker's script (dist/thumbnailWorker.js; the compiled file in tests). */
  workerPath: string;
  onDone: (job: ThumbJob, result: ThumbResult) => void;
  /** Jobs the worker holds at once (one working, one ready). */
  inFlight?: number;
  idleMs?: number;
}

export class ThumbnailQueue {
  private readonly waiting: ThumbJob[] = [];
  private readonly queued = new Set<string>();
  private readonly running = new Map<string, ThumbJob>();
  private worker: Worker | undefined;
  private idle: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  /** The longest stretch this queue kept its thread busy (add, or handling one answer): the bench reads it. */
  longestTurnMs = 0;

  constructor(private readonly opts: ThumbQueueOptions) {}

  /** Jobs still to do (waiting or in the worker). */
  get pending(): number {
    return this.waiting.length + this.running.size;
  }

  /** Adds jobs (each id once); `front` puts them before everything waiting (tiles on screen). */
  add(jobs: readonly ThumbJob[], front = false): void {
    if (this.disposed) return;
    const t0 = performance.now();
    const fresh = jobs.filter((j) => !this.queued.has(j.id) && !this.running.has(j.id));
    for (const j of fresh) this.queued.add(j.id);
    if (front) {
      // Already waiting further back: moved to the front.
      const ids = new Set(jobs.map((j) => j.id));
      const moved = this.waiting.filter((j) => ids.has(j.id));
      const rest = this.waiting.filter((j) => !ids.has(j.id));
      this.waiting.splice(0, this.waiting.length, ...fresh, ...moved, ...rest);
    } else this.waiting.push(...fresh);
    this.pump();
    this.longestTurnMs = Math.max(this.longestTurnMs, performance.now() - t0);
  }

  private pump(): void {
    const limit = this.opts.inFlight ?? 2;
    while (this.running.size < limit && this.waiting.length) {
      const job = this.waiting.shift()!;
      this.queued.delete(job.id);
      this.running.set(job.id, job);
      this.ensureWorker().postMessage(job);
    }
    clearTimeout(this.idle);
    if (this.running.size === 0 && this.worker) {
      this.idle = setTimeout(() => this.stopWorker(), this.opts.idleMs ?? 30_000);
      this.idle.unref?.();
    }
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.opts.workerPath);
    w.unref();
    w.on('message', (r: ThumbResult) => {
      const t0 = performance.now();
      const job = this.running.get(r.id);
      this.running.delete(r.id);
      if (job) this.opts.onDone(job, r);
      this.pump();
      this.longestTurnMs = Math.max(this.longestTurnMs, performance.now() - t0);
    });
    const fail = (e: unknown): void => {
      if (this.worker !== w) return;
      this.worker = undefined;
      const lost = [...this.running.values()];
      this.running.clear();
      for (const job of lost) this.opts.onDone(job, { id: job.id, ok: false, error: String(e) });
      this.pump();
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`thumbnail worker exited (${code})`)));
    this.worker = w;
    return w;
  }

  private stopWorker(): void {
    const w = this.worker;
    this.worker = undefined;
    void w?.terminate();
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.idle);
    this.waiting.length = 0;
    this.queued.clear();
    this.running.clear();
    this.stopWorker();
  }
}
