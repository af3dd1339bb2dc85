/**
 * Which editor window polls. Every VS Code window runs its own poller over the same globalState; without
 * coordination two windows that both resume the same running tasks ask the server about each of them
 * twice per tick. The lease is one key in that shared store, `{owner, until}`: the window holding a fresh
 * lease polls (and renews it on every tick); the others only re-read the store, where the owner's answers
 * land. A window that closes or has nothing left to poll releases it; one that dies without releasing is
 * replaced once `until` passes.
 *
 * Not a lock: two windows that find it expired at the same moment may both poll for one tick, after
 * which the later write wins and the other backs off. That costs one request, never a task.
 */
import type { KeyValueStore } from './store';

/** The lease's key in the shared key/value store (not a task key, so the store ignores it). */
export const POLL_LEASE_KEY = 'mj.pollLease';

/** Longer than the slowest regular tick of an unfocused window (3 × 5 s), so a live owner keeps it. */
export const DEFAULT_LEASE_MS = 20_000;

interface LeaseValue {
  owner: string;
  until: number;
}

/** What the poller asks of a lease (a fake in tests). */
export interface Lease {
  /** True when this window may poll now: it holds the lease or nobody holds a fresh one (then it takes it). */
  acquire(): boolean;
  /** Gives the lease up if this window holds it, so another window takes over at once. */
  release(): void;
}

export interface PollLeaseOptions {
  kv: KeyValueStore;
  /** This window's id; default a random one. */
  owner?: string;
  ttlMs?: number;
  now?: () => number;
}

/** A poll lease over a shared key/value store (VS Code's globalState). */
export class PollLease implements Lease {
  readonly owner: string;
  private readonly kv: KeyValueStore;
  private readonly ttl: number;
  private readonly now: () => number;

  constructor(opts: PollLeaseOptions) {
    this.kv = opts.kv;
    this.owner = opts.owner ?? `w${Math.random().toString(36).slice(2, 10)}`;
    this.ttl = opts.ttlMs ?? DEFAULT_LEASE_MS;
    this.now = opts.now ?? Date.now;
  }

  /** The current holder, if the lease is fresh. */
  holder(): string | undefined {
    const v = this.read();
    return v && v.until > this.now() ? v.owner : undefined;
  }

  acquire(): boolean {
    const holder = this.holder();
    if (holder !== undefined && holder !== this.owner) return false;
    const value: LeaseValue = { owner: this.owner, until: this.now() + this.ttl };
    // A failed write only means the other window may poll too for a tick; never worth an error.
    void Promise.resolve(this.kv.update(POLL_LEASE_KEY, value)).catch(() => undefined);
    return true;
  }

  release(): void {
    if (this.read()?.owner !== this.owner) return;
    void Promise.resolve(this.kv.update(POLL_LEASE_KEY, undefined)).catch(() => undefined);
  }

  private read(): LeaseValue | undefined {
    const v = this.kv.get<Partial<LeaseValue>>(POLL_LEASE_KEY);
    if (!v || typeof v.owner !== 'string' || typeof v.until !== 'number') return undefined;
    return { owner: v.owner, until: v.until };
  }
}
