import * as vscode from 'vscode';
import { promptLabel } from '../../core/prompts/prompt';
import type { TaskRecord } from '../../core/tasks/store';
import type { TaskFilter } from '../../core/tasks/taskFilter';
import { filterTasks, isEmptyFilter } from '../../core/tasks/taskFilter';
import { isFinal } from '../../core/model/types';
import { isVideoTask } from '../../core/media/video';
import { isStalledNow } from '../stall';
import type { Studio } from '../studio';
import { relativeTime, statusWords } from '../../core/model/words';

/**
 * Tree elements are task ids, or `batch:<id>` for the row that groups the tasks submitted together (the
 * variants of one permutation prompt); everything shown is looked up in the store when VS Code asks.
 */
export type TaskNode = string;

const BATCH = 'batch:';

/** The group row of a record that was submitted with others, if any. */
function batchNode(rec: TaskRecord): TaskNode | undefined {
  return rec.batch && rec.batch.size > 1 ? BATCH + rec.batch.id : undefined;
}

/**
 * The `midjourney.tasks` tree: the user's tasks from globalState, newest first, each task's children
 * being the tasks made from it (U2, V1, zoom…).
 */
export class TaskTreeProvider implements vscode.TreeDataProvider<TaskNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TaskNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly clock: ReturnType<typeof setInterval>;
  private filterState: TaskFilter = {};

  constructor(
    private readonly studio: Studio,
    private readonly imageUri: (rec: TaskRecord) => vscode.Uri | undefined,
  ) {
    const sub = studio.store.onDidChange(() => this.changed.fire(undefined));
    this.disposables.push(this.changed, new vscode.Disposable(() => sub.dispose()));
    // Relative times ("3 min ago") go stale; a cheap refresh once a minute keeps them true.
    this.clock = setInterval(() => this.changed.fire(undefined), 60_000);
  }

  /** What the tree shows (Filter Tasks); empty shows everything. */
  get filter(): TaskFilter {
    return this.filterState;
  }

  setFilter(filter: TaskFilter): void {
    this.filterState = filter;
    this.changed.fire(undefined);
  }

  private get filtering(): boolean {
    return !isEmptyFilter(this.filterState);
  }

  getChildren(element?: TaskNode): TaskNode[] {
    const store = this.studio.store;
    // Filtered: the matching tasks as one flat list, so a matching upscale shows even when its grid does not.
    if (this.filtering) {
      return element ? [] : filterTasks(store.list(), this.filterState, Date.now()).map((r) => r.task.id);
    }
    if (!element) {
      // A batch shows as one row where its newest task would be.
      const seen = new Set<string>();
      const out: TaskNode[] = [];
      for (const r of this.roots()) {
        const node = batchNode(r) ?? r.task.id;
        if (seen.has(node)) continue;
        seen.add(node);
        out.push(node);
      }
      return out;
    }
    if (element.startsWith(BATCH)) return this.batchMembers(element).map((r) => r.task.id);
    return store
      .children(element)
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((r) => r.task.id);
  }

  getParent(element: TaskNode): TaskNode | undefined {
    if (this.filtering || element.startsWith(BATCH)) return undefined;
    const rec = this.studio.store.get(element);
    const parentId = rec?.parentId;
    if (parentId && this.studio.store.get(parentId)) return parentId;
    return rec ? batchNode(rec) : undefined;
  }

  private roots(): TaskRecord[] {
    const store = this.studio.store;
    return store.list().filter((r) => !r.parentId || !store.get(r.parentId));
  }

  /** The root tasks of a batch row, oldest first (the order they were submitted). */
  private batchMembers(node: TaskNode): TaskRecord[] {
    return this.roots()
      .filter((r) => batchNode(r) === node)
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  /** "Permutation ×4": the group row of the tasks one permutation prompt started. */
  private batchItem(node: TaskNode): vscode.TreeItem {
    const members = this.batchMembers(node);
    const item = new vscode.TreeItem(
      vscode.l10n.t('Permutation ×{0}', String(members.length)),
      vscode.TreeItemCollapsibleState.Expanded,
    );
    item.id = node;
    item.contextValue = 'batch';
    const running = members.filter((r) => !isFinal(r.task.status)).length;
    const done = members.filter((r) => r.task.status === 'SUCCESS').length;
    const text = members[0]?.source?.text ?? members[0]?.task.prompt ?? '';
    item.description = `${promptLabel(text, 40)} · ${vscode.l10n.t('{0} of {1} done', String(done), String(members.length))}`;
    item.iconPath = running
      ? new vscode.ThemeIcon('loading~spin')
      : done
        ? new vscode.ThemeIcon('files', new vscode.ThemeColor('testing.iconPassed'))
        : new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    const md = new vscode.MarkdownString();
    md.isTrusted = false;
    md.appendText(text);
    item.tooltip = md;
    return item;
  }

  getTreeItem(element: TaskNode): vscode.TreeItem {
    if (element.startsWith(BATCH)) return this.batchItem(element);
    const rec = this.studio.store.get(element);
    if (!rec) return new vscode.TreeItem(vscode.l10n.t('(removed)'));
    const hasChildren = !this.filtering && this.studio.store.children(element).length > 0;
    const item = new vscode.TreeItem(
      labelOf(rec),
      hasChildren ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
    );
    item.id = rec.task.id;
    item.description = describe(rec);
    item.iconPath = iconOf(rec.task.status);
    item.contextValue = `task:${contextOf(rec.task.status)}`;
    if (rec.task.status === 'SUCCESS' && isVideoTask(rec.task)) {
      // Its own icon, and a marker the menus use for Save Video As… (and to leave out Animate).
      item.iconPath = new vscode.ThemeIcon(
        'device-camera-video',
        new vscode.ThemeColor('testing.iconPassed'),
      );
      item.contextValue = `${item.contextValue}:video`;
    }
    item.tooltip = this.tooltip(rec);
    if (isStalledNow(this.studio, rec.task.id)) {
      // Still "running" for menus (Refresh, Cancel), plus a marker for the stall-only ones.
      item.description = vscode.l10n.t('Stalled · {0}', describe(rec));
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('charts.orange'));
      item.contextValue = `${item.contextValue}:stalled`;
    }
    if (rec.origin.by === 'agent') {
      item.description = `${vscode.l10n.t('Agent')} · ${String(item.description)}`;
    }
    if (rec.starred) {
      item.description = `★ ${String(item.description)}`;
      item.contextValue = `${item.contextValue}:starred`;
    }
    item.command = {
      command: 'midjourney.openTask',
      title: vscode.l10n.t('Open Task'),
      arguments: [rec.task.id],
    };
    item.accessibilityInformation = {
      label: `${labelOf(rec)}, ${statusWords(rec.task.status)}${progressText(rec)}`,
    };
    return item;
  }

  private tooltip(rec: TaskRecord): vscode.MarkdownString {
    const md = new vscode.MarkdownString(undefined, true);
    md.supportHtml = false;
    md.isTrusted = false;
    // statusWords quotes an unknown status verbatim: server text, so it goes in as text, not Markdown.
    md.appendMarkdown('**');
    md.appendText(statusWords(rec.task.status));
    md.appendMarkdown(`**${progressText(rec)} · `);
    md.appendText(`${rec.task.action} · ${rec.task.id}`);
    md.appendMarkdown('\n\n');
    md.appendText(rec.task.prompt || vscode.l10n.t('(no prompt)'));
    if (rec.task.failReason) {
      md.appendMarkdown('\n\n$(error) ');
      md.appendText(rec.task.failReason);
    }
    const img = this.imageUri(rec);
    if (img) md.appendMarkdown(`\n\n![thumbnail](${img.toString(true)}|width=240)`);
    return md;
  }

  /** Redraws every row (something outside the store changed, e.g. a task became stalled). */
  refresh(): void {
    this.changed.fire(undefined);
  }

  /** Shows the task in the tree (expanding its ancestors). */
  async reveal(view: vscode.TreeView<TaskNode>, id: string): Promise<void> {
    if (!this.studio.store.get(id)) return;
    try {
      await view.reveal(id, { select: true, focus: false, expand: true });
    } catch {
      // The view may not be visible yet; revealing is a nicety.
    }
  }

  dispose(): void {
    clearInterval(this.clock);
    for (const d of this.disposables) d.dispose();
  }
}

function labelOf(rec: TaskRecord): string {
  // Made by a button of another task: "U1 · prompt", also once that task was deleted (the row is a root
  // then, and without the prefix it would read exactly like the deleted one).
  const fromButton =
    rec.parentId !== undefined || rec.origin.kind === 'action' || rec.origin.kind === 'change';
  const prefixed = fromButton && Boolean(rec.origin.label);
  const label = promptLabel(
    rec.task.prompt || (!prefixed && rec.origin.label) || rec.task.description || rec.task.id,
    60,
  );
  return prefixed ? `${rec.origin.label} · ${label}` : label;
}

function progressText(rec: TaskRecord): string {
  return !isFinal(rec.task.status) && rec.task.progress !== undefined ? ` ${rec.task.progress}%` : '';
}

function describe(rec: TaskRecord): string {
  const when = relativeTime(rec.task.finishTime ?? rec.createdAt);
  const s = rec.task.status;
  if (s === 'SUCCESS' || s === 'FAILURE' || s === 'CANCEL' || s === 'MODAL')
    return `${statusWords(s)} · ${when}`;
  if (rec.task.progress !== undefined && s === 'IN_PROGRESS') return `${rec.task.progress}% · ${when}`;
  return `${statusWords(s)} · ${when}`;
}

function contextOf(status: string): string {
  switch (status) {
    case 'SUCCESS':
      return 'success';
    case 'FAILURE':
      return 'failure';
    case 'CANCEL':
      return 'cancel';
    case 'MODAL':
      return 'modal';
    case 'NOT_START':
    case 'SUBMITTED':
    case 'IN_PROGRESS':
    case '':
      return 'running';
    default:
      return 'unknown';
  }
}

function iconOf(status: string): vscode.ThemeIcon {
  switch (status) {
    case 'SUCCESS':
      return new vscode.ThemeIcon('file-media', new vscode.ThemeColor('testing.iconPassed'));
    case 'FAILURE':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    case 'CANCEL':
      return new vscode.ThemeIcon('circle-slash');
    case 'MODAL':
      return new vscode.ThemeIcon('edit', new vscode.ThemeColor('charts.yellow'));
    case 'NOT_START':
      return new vscode.ThemeIcon('clock');
    case 'SUBMITTED':
    case 'IN_PROGRESS':
    case '':
      return new vscode.ThemeIcon('loading~spin');
    default:
      return new vscode.ThemeIcon('question', new vscode.ThemeColor('charts.orange'));
  }
}
