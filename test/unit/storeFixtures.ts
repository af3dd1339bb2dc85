/** Test doubles shared by the store and poller tests. */
import type { KeyValueStore, TaskRecord } from '../../src/core/tasks/store';
import type { Task } from '../../src/core/model/types';

/**
 * An in-memory Memento. `delay` makes `update` resolve late (random per call, so out of order);
 * with `applyOnResolve` the value also only becomes visible when the update resolves, the harsher
 * model of a storage that commits asynchronously.
 */
export class MemoryKv implements KeyValueStore {
  readonly data = new Map<string, unknown>();
  updates = 0;
  constructor(private readonly opts: { delay?: () => number; applyOnResolve?: boolean } = {}) {}
  keys(): readonly string[] {
    return [...this.data.keys()];
  }
  get<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    this.updates++;
    const apply = (): void => {
      if (value === undefined) this.data.delete(key);
      else this.data.set(key, structuredClone(value));
    };
    const delay = this.opts.delay?.() ?? 0;
    if (!this.opts.applyOnResolve) apply();
    if (delay <= 0 && !this.opts.applyOnResolve) return Promise.resolve();
    return new Promise((resolve) =>
      setTimeout(() => {
        if (this.opts.applyOnResolve) apply();
        resolve();
      }, delay),
    );
  }
}

/** A normalised task with sensible defaults. */
export function mkTask(id: string, over: Partial<Task> = {}): Task {
  return {
    id,
    action: 'IMAGINE',
    status: 'SUBMITTED',
    prompt: `prompt ${id}`,
    promptEn: '',
    description: '',
    state: '',
    buttons: [],
    ...over,
  };
}

/** A record as the host would add it after a submit. */
export function mkRecord(id: string, createdAt: number, over: Partial<TaskRecord> = {}): TaskRecord {
  return { task: mkTask(id), origin: { kind: 'imagine' }, createdAt, updatedAt: createdAt, ...over };
}

/**
 * A directory in memory (the task files of `globalStorageUri`), shared by the stores of several windows.
 * Every write replaces a file whole, as the host's temp-and-rename does.
 */
export class MemoryDir {
  readonly files = new Map<string, string>();
  constructor(private readonly delay: () => number = () => 0) {}
  private wait(): Promise<void> {
    const ms = this.delay();
    return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
  }
  async list(): Promise<string[]> {
    await this.wait();
    return [...this.files.keys()];
  }
  async read(name: string): Promise<string | undefined> {
    await this.wait();
    return this.files.get(name);
  }
  async write(name: string, text: string): Promise<void> {
    await this.wait();
    this.files.set(name, text);
  }
  async delete(name: string): Promise<void> {
    await this.wait();
    this.files.delete(name);
  }
}
