/**
 * Filtering and searching the task history (the tree's filter, the Search Tasks quick pick). Pure, so it is
 * tested in Node and timed by the benchmark over 10,000 tasks.
 */
import { t } from '../../shared/l10n';
import { statusGroupLabel, type StatusGroup } from '../../shared/statusWords';
import type { TaskRecord } from './store';

/** What the tree shows; every field that is set must match (an empty filter shows everything). */
export interface TaskFilter {
  statuses?: StatusGroup[];
  /** Server actions (IMAGINE, UPSCALE, VARIATION, …). */
  actions?: string[];
  /** Only tasks created in the last this many days. */
  withinDays?: number;
  /** Words that must all appear in the prompt (case-insensitive). */
  text?: string;
  starred?: boolean;
}

/** The group a server status belongs to. */
export function statusGroup(status: string): StatusGroup {
  switch (status) {
    case 'SUCCESS':
      return 'done';
    case 'FAILURE':
    case 'CANCEL':
      return 'failed';
    case 'MODAL':
      return 'waiting';
    default:
      return 'running';
  }
}

/** True when the filter lets everything through. */
export function isEmptyFilter(f: TaskFilter): boolean {
  return !f.statuses?.length && !f.actions?.length && !f.withinDays && !f.text?.trim() && !f.starred;
}

// Lower-cased prompts, computed once per record object (records are replaced, never mutated, on change).
const haystacks = new WeakMap<TaskRecord, string>();

function haystack(rec: TaskRecord): string {
  let h = haystacks.get(rec);
  if (h === undefined) {
    h = `${rec.task.prompt}\n${rec.task.finalPrompt ?? ''}`.toLowerCase();
    haystacks.set(rec, h);
  }
  return h;
}

function words(text: string | undefined): string[] {
  return (text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
}

function hasWords(rec: TaskRecord, ws: readonly string[]): boolean {
  if (!ws.length) return true;
  const h = haystack(rec);
  return ws.every((w) => h.includes(w));
}

/** True when the record passes the filter at time `now` (epoch ms). */
export function matchesFilter(rec: TaskRecord, f: TaskFilter, now: number): boolean {
  return compile(f, now)(rec);
}

function compile(f: TaskFilter, now: number): (rec: TaskRecord) => boolean {
  const statuses = f.statuses?.length ? new Set(f.statuses) : undefined;
  const actions = f.actions?.length ? new Set(f.actions) : undefined;
  const since = f.withinDays ? now - f.withinDays * 86_400_000 : undefined;
  const ws = words(f.text);
  return (rec) =>
    (!f.starred || rec.starred === true) &&
    (!statuses || statuses.has(statusGroup(rec.task.status))) &&
    (!actions || actions.has(rec.task.action)) &&
    (since === undefined || rec.createdAt >= since) &&
    hasWords(rec, ws);
}

/** The records that pass the filter, in the given order. */
export function filterTasks(records: readonly TaskRecord[], f: TaskFilter, now: number): TaskRecord[] {
  if (isEmptyFilter(f)) return records.slice();
  return records.filter(compile(f, now));
}

/**
 * The quick-pick search: records whose prompt contains every word of the query (case-insensitive), in the
 * given order (newest first from the store), at most `limit` of them.
 */
export function searchTasks(records: readonly TaskRecord[], query: string, limit = Infinity): TaskRecord[] {
  const ws = words(query);
  const out: TaskRecord[] = [];
  for (const rec of records) {
    if (out.length >= limit) break;
    if (hasWords(rec, ws)) out.push(rec);
  }
  return out;
}

/** One line that says what the filter shows, for the view's description ("Starred · Done · 7 days · “fox”"). */
export function describeFilter(f: TaskFilter): string {
  const parts: string[] = [];
  if (f.starred) parts.push(t('Starred'));
  if (f.statuses?.length) parts.push(f.statuses.map(statusGroupLabel).join(t(', ')));
  if (f.actions?.length) parts.push(f.actions.map((a) => a.toLowerCase()).join(t(', ')));
  if (f.withinDays) parts.push(f.withinDays === 1 ? t('last 24 h') : t('last {0} days', f.withinDays));
  // Chinese quotes the same way, so the curly quotes need no translation.
  if (f.text?.trim()) parts.push(`“${f.text.trim()}”`);
  return parts.join(' · ');
}

/**
 * The chain of ancestors of a task, oldest first (imagine → U2 → zoom …), stopping at a missing parent
 * or a cycle (a corrupted store must not hang the panel).
 */
export function lineageOf(id: string, get: (id: string) => TaskRecord | undefined): TaskRecord[] {
  const chain: TaskRecord[] = [];
  const seen = new Set<string>([id]);
  let parentId = get(id)?.parentId;
  while (parentId !== undefined && !seen.has(parentId)) {
    const parent = get(parentId);
    if (!parent) break;
    chain.unshift(parent);
    seen.add(parentId);
    parentId = parent.parentId;
  }
  return chain;
}
