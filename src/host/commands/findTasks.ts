import * as vscode from 'vscode';
import { promptLabel } from '../../core/prompts/prompt';
import type { TaskRecord } from '../../core/tasks/store';
import type { TaskFilter } from '../../core/tasks/taskFilter';
import { describeFilter, isEmptyFilter, searchTasks as search } from '../../core/tasks/taskFilter';
import { statusGroupLabel, type StatusGroup } from '../../shared/statusWords';
import { relativeTime, statusWords } from '../../core/model/words';
import { showError } from '../errors';
import type { CommandContext } from './context';
import { resolveTask } from './tasks';

const GROUPS: StatusGroup[] = ['running', 'done', 'failed', 'waiting'];
/** The date ranges, labelled in the UI language when shown. */
function dayRanges(): { days: number; label: string }[] {
  return [
    { days: 1, label: vscode.l10n.t('Last 24 hours') },
    { days: 7, label: vscode.l10n.t('Last 7 days') },
    { days: 30, label: vscode.l10n.t('Last 30 days') },
  ];
}
/** Search results shown at once: more would only slow the quick pick; typing narrows them. */
const SEARCH_LIMIT = 200;

type FilterItem = vscode.QuickPickItem & { apply?: (f: TaskFilter) => void; askText?: boolean };

/** Applies a filter to the tree and says so in the view (description, empty message, context key). */
export function applyFilter(ctx: CommandContext, filter: TaskFilter): void {
  const empty = isEmptyFilter(filter);
  ctx.tree.setFilter(filter);
  ctx.treeView.description = empty ? undefined : vscode.l10n.t('Filter: {0}', describeFilter(filter));
  ctx.treeView.message =
    !empty && ctx.tree.getChildren().length === 0
      ? vscode.l10n.t('No tasks match the filter. Run "Midjourney: Clear Task Filter" to show all.')
      : undefined;
  void vscode.commands.executeCommand('setContext', 'midjourney.filtered', !empty);
}

/** `midjourney.filterTasks`: choose what the tree shows (status, action, date, starred, prompt text). */
export async function filterTasks(ctx: CommandContext): Promise<void> {
  await ctx.studio.settle(); // the archive is part of the history
  const cur = ctx.tree.filter;
  const actions = [...new Set(ctx.studio.store.list().map((r) => r.task.action))].filter(Boolean).sort();
  const items: FilterItem[] = [
    {
      label: `$(star-full) ${vscode.l10n.t('Starred')}`,
      picked: cur.starred,
      apply: (f) => (f.starred = true),
    },
    { label: vscode.l10n.t('Status'), kind: vscode.QuickPickItemKind.Separator },
    ...GROUPS.map<FilterItem>((g) => ({
      label: statusGroupLabel(g),
      picked: cur.statuses?.includes(g),
      apply: (f) => (f.statuses = [...(f.statuses ?? []), g]),
    })),
    { label: vscode.l10n.t('Action'), kind: vscode.QuickPickItemKind.Separator },
    ...actions.map<FilterItem>((a) => ({
      label: a,
      picked: cur.actions?.includes(a),
      apply: (f) => (f.actions = [...(f.actions ?? []), a]),
    })),
    { label: vscode.l10n.t('Date'), kind: vscode.QuickPickItemKind.Separator },
    ...dayRanges().map<FilterItem>((d) => ({
      label: d.label,
      picked: cur.withinDays === d.days,
      // Two ranges picked: the narrower one is what both allow.
      apply: (f) => (f.withinDays = Math.min(f.withinDays ?? Infinity, d.days)),
    })),
    { label: vscode.l10n.t('Prompt'), kind: vscode.QuickPickItemKind.Separator },
    {
      label: `$(search) ${vscode.l10n.t('Prompt contains…')}`,
      description: cur.text ? `“${cur.text}”` : undefined,
      picked: Boolean(cur.text),
      askText: true,
    },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    placeHolder: vscode.l10n.t('Show only tasks that match every group you tick (none ticked: all tasks)'),
  });
  if (!picked) return;
  const next: TaskFilter = {};
  for (const item of picked) item.apply?.(next);
  if (picked.some((i) => i.askText)) {
    const text = await vscode.window.showInputBox({
      prompt: vscode.l10n.t('Show tasks whose prompt contains all of these words'),
      value: cur.text ?? '',
    });
    if (text === undefined) return;
    if (text.trim()) next.text = text.trim();
  }
  applyFilter(ctx, next);
}

/** `midjourney.clearFilter`: show every task again. */
export function clearFilter(ctx: CommandContext): void {
  applyFilter(ctx, {});
}

type SearchItem = vscode.QuickPickItem & { id: string };

function searchItem(ctx: CommandContext, rec: TaskRecord, now: number): SearchItem {
  const img = ctx.images.localUri(rec);
  return {
    id: rec.task.id,
    label: `${rec.starred ? '★ ' : ''}${promptLabel(rec.task.prompt || rec.task.description || rec.task.id, 80)}`,
    description: `${rec.origin.label ?? rec.task.action} · ${statusWords(rec.task.status)} · ${relativeTime(rec.task.finishTime ?? rec.createdAt, now)}`,
    iconPath: img,
    // We match ourselves (every word, anywhere in the whole prompt); VS Code's own fuzzy match on the
    // shortened label would hide real hits.
    alwaysShow: true,
  };
}

/** `midjourney.searchTasks`: type to find a task by its prompt in the whole history; Enter opens it. */
export async function searchTasks(ctx: CommandContext): Promise<void> {
  await ctx.studio.settle(); // the archive is part of the history
  const qp = vscode.window.createQuickPick<SearchItem>();
  qp.placeholder = vscode.l10n.t('Search all tasks by prompt words');
  qp.matchOnDescription = false;
  const update = (): void => {
    const now = Date.now();
    const hits = search(ctx.studio.store.list(), qp.value, SEARCH_LIMIT);
    qp.items = hits.map((r) => searchItem(ctx, r, now));
    qp.title =
      hits.length >= SEARCH_LIMIT
        ? vscode.l10n.t('First {0} matches: type more to narrow', SEARCH_LIMIT)
        : undefined;
  };
  update();
  const picked = await new Promise<SearchItem | undefined>((resolve) => {
    qp.onDidChangeValue(update);
    qp.onDidAccept(() => resolve(qp.selectedItems[0] ?? qp.activeItems[0]));
    qp.onDidHide(() => resolve(undefined));
    qp.show();
  });
  qp.dispose();
  if (picked) ctx.panels.open(picked.id);
}

async function setStar(ctx: CommandContext, starred: boolean, node: unknown, nodes: unknown): Promise<void> {
  const ids = Array.isArray(nodes) && nodes.length ? nodes.filter((n) => typeof n === 'string') : [];
  if (!ids.length) {
    const rec = await resolveTask(
      ctx,
      node,
      starred ? vscode.l10n.t('Star which task?') : vscode.l10n.t('Unstar which task?'),
      (r) => Boolean(r.starred) !== starred,
    );
    if (!rec) return;
    ids.push(rec.task.id);
  }
  try {
    await Promise.all(ids.map((id) => ctx.studio.store.update(id, { starred: starred || undefined })));
    // The Starred filter may now show more or fewer rows.
    applyFilter(ctx, ctx.tree.filter);
  } catch (e) {
    await showError(e, ctx.log, {
      context: starred ? vscode.l10n.t('Starring failed') : vscode.l10n.t('Unstarring failed'),
    });
  }
}

/** `midjourney.starTask`: mark a task (or the selected ones) as a favourite. */
export function starTask(ctx: CommandContext, node?: unknown, nodes?: unknown): Promise<void> {
  return setStar(ctx, true, node, nodes);
}

/** `midjourney.unstarTask`: remove the favourite mark. */
export function unstarTask(ctx: CommandContext, node?: unknown, nodes?: unknown): Promise<void> {
  return setStar(ctx, false, node, nodes);
}
