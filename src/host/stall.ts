import * as vscode from 'vscode';
import { DEFAULT_STALL_SECONDS, isStalled } from '../core/tasks/stall';
import type { Studio } from './studio';

/** `midjourney.stallAfterSeconds` in ms (0 turns stall marking off). */
export function stallAfterMs(): number {
  const s = vscode.workspace
    .getConfiguration('midjourney')
    .get<number>('stallAfterSeconds', DEFAULT_STALL_SECONDS);
  return typeof s === 'number' && Number.isFinite(s) && s > 0 ? s * 1000 : 0;
}

/** True when the task has run without progress for longer than the setting allows. */
export function isStalledNow(studio: Studio, id: string): boolean {
  const rec = studio.store.get(id);
  return rec !== undefined && isStalled(rec, Date.now(), stallAfterMs());
}

/**
 * A stalled task changes nothing in the store (the server keeps sending the same progress), so nothing
 * would redraw it. This watcher looks at the running tasks now and then and calls `changed` with the ids
 * whose stalled state flipped, so the tree and the open panels show it within a few seconds.
 */
export class StallWatcher implements vscode.Disposable {
  private readonly timer: ReturnType<typeof setInterval>;
  private stalled = new Set<string>();

  constructor(
    private readonly studio: Studio,
    private readonly changed: (ids: string[]) => void,
  ) {
    this.timer = setInterval(() => this.check(), 2000);
  }

  /** Compares the stalled set with the last one and reports the difference. */
  check(): void {
    const limit = stallAfterMs();
    const now = Date.now();
    const next = new Set(
      this.studio.store
        .unfinished()
        .filter((r) => isStalled(r, now, limit))
        .map((r) => r.task.id),
    );
    const flipped = [...next].filter((id) => !this.stalled.has(id));
    for (const id of this.stalled) if (!next.has(id)) flipped.push(id);
    this.stalled = next;
    if (flipped.length > 0) this.changed(flipped);
  }

  dispose(): void {
    clearInterval(this.timer);
  }
}
