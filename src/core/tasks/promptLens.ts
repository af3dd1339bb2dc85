/**
 * What the CodeLens over a prompt shows, from the tasks that remember that prompt (TaskRecord.source): the
 * state of its latest run (`⏳ 45 %`, `✓ 4 images`, `✗ failed: reason`) and the task whose result Insert
 * result below links. Pure: the host formats the words and places the lenses.
 */
import type { TaskRecord } from './record';

/** The latest run of one prompt. */
export type RunState =
  | { kind: 'running'; percent: number; tasks: number }
  | { kind: 'done'; images: number; failed: number }
  | { kind: 'failed'; reason: string };

export interface PromptRun {
  state: RunState;
  /** Every task of the run, newest first. */
  taskIds: string[];
  /** The newest finished task with an image (for Insert result below). */
  resultId?: string;
}

/** A grid imagine yields four pictures. */
export const IMAGES_PER_GRID = 4;

/**
 * The records of one document that came from a prompt file, by prompt text, newest first. Built once per
 * document per lens pass, so looking up each prompt costs a map read.
 */
export function recordsByPrompt(records: readonly TaskRecord[], uri: string): Map<string, TaskRecord[]> {
  const out = new Map<string, TaskRecord[]>();
  for (const r of records) {
    if (r.source?.uri !== uri) continue;
    const list = out.get(r.source.text);
    if (list) list.push(r);
    else out.set(r.source.text, [r]);
  }
  for (const list of out.values()) list.sort((a, b) => b.createdAt - a.createdAt);
  return out;
}

/** The latest run among a prompt's records (newest first): the newest task and the rest of its batch. */
export function latestRun(newestFirst: readonly TaskRecord[]): PromptRun | undefined {
  const newest = newestFirst[0];
  if (!newest) return undefined;
  const run = newest.batch ? newestFirst.filter((r) => r.batch?.id === newest.batch?.id) : [newest];
  const result = run.find((r) => r.task.status === 'SUCCESS' && Boolean(r.task.imageUrl));
  return { state: runState(run), taskIds: run.map((r) => r.task.id), resultId: result?.task.id };
}

const RUNNING = new Set(['', 'NOT_START', 'SUBMITTED', 'IN_PROGRESS', 'MODAL']);

/** Running while any task runs (progress: the mean, finished ones counting 100); then images or the failure. */
export function runState(run: readonly TaskRecord[]): RunState {
  const running = run.filter((r) => RUNNING.has(r.task.status));
  if (running.length) {
    const sum = run.reduce(
      (acc, r) => acc + (RUNNING.has(r.task.status) ? clampPercent(r.task.progress) : 100),
      0,
    );
    return { kind: 'running', percent: Math.floor(sum / run.length), tasks: running.length };
  }
  const ok = run.filter((r) => r.task.status === 'SUCCESS');
  const failed = run.length - ok.length;
  if (!ok.length) {
    const first = run.find((r) => r.task.failReason) ?? run[0];
    const reason =
      first?.task.status === 'CANCEL' ? 'cancelled' : first?.task.failReason || first?.task.status;
    return { kind: 'failed', reason: oneLine(reason ?? '') };
  }
  return { kind: 'done', images: ok.length * IMAGES_PER_GRID, failed };
}

function clampPercent(p: number | undefined): number {
  return typeof p === 'number' && Number.isFinite(p) ? Math.max(0, Math.min(100, p)) : 0;
}

/** Server text in a one-line lens: whitespace folded, cut at 80 characters. */
export function oneLine(s: string, max = 80): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** The text Insert result below writes: a Markdown image link (Markdown) or a `# → ` comment (.mjprompt). */
export function resultLine(kind: 'markdown' | 'mjprompt', link: string): string {
  return kind === 'markdown' ? link : `# → ${link}`;
}
