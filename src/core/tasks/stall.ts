/**
 * Stall detection: a running task whose progress has not changed for a while is probably stuck
 * (API.md pain point 2: tasks stuck at SUBMITTED/0% or at 85%). Pure, so the tree, the panel and the
 * tests agree on one rule.
 */
import type { TaskRecord } from './store';
import { isRunning } from '../model/types';

/** Default of `midjourney.stallAfterSeconds`. */
export const DEFAULT_STALL_SECONDS = 300;

/**
 * True when the task still runs and its progress last changed more than `stallMs` ago (measured from
 * `lastProgressAt`, or from when we recorded it before the first progress). `stallMs` <= 0 turns it off.
 */
export function isStalled(
  rec: Pick<TaskRecord, 'task' | 'lastProgressAt' | 'createdAt'>,
  now: number,
  stallMs: number,
): boolean {
  if (!(stallMs > 0) || !isRunning(rec.task.status)) return false;
  const since = rec.lastProgressAt ?? rec.createdAt;
  return now - since >= stallMs;
}
