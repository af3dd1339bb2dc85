import * as vscode from 'vscode';
import { promptLabel } from '../../core/prompt';
import type { TaskRecord } from '../../core/store';
import { isFinal } from '../../core/types';
import { statusWords } from '../../core/words';
import { showError } from '../errors';
import type { CommandContext } from './context';

/**
 * Task commands work the same from the tree (the node is the task id), from the panel and from the palette
 * (no argument: a picker asks which task).
 */
export async function resolveTask(
  ctx: CommandContext,
  arg: unknown,
  placeHolder: string,
  filter: (r: TaskRecord) => boolean = () => true,
): Promise<TaskRecord | undefined> {
  if (typeof arg === 'string') return ctx.studio.store.get(arg);
  const items = ctx.studio.store
    .list()
    .filter(filter)
    .map((r) => ({
      label: promptLabel(r.task.prompt || r.task.id, 80),
      description: `${r.origin.label ?? r.task.action} · ${statusWords(r.task.status)}`,
      detail: r.task.id,
      rec: r,
    }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage('Midjourney: no matching tasks.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, { placeHolder, matchOnDetail: true });
  return picked?.rec;
}

export async function openTask(ctx: CommandContext, arg?: unknown): Promise<void> {
  const rec = await resolveTask(ctx, arg, 'Open which task?');
  if (rec) ctx.panels.open(rec.task.id);
}

/** Refreshes one task now, or (no argument) re-reads the list and polls everything unfinished. */
export async function refreshTasks(ctx: CommandContext, arg?: unknown): Promise<void> {
  try {
    if (typeof arg === 'string') {
      await ctx.studio.tasks.refresh(arg);
      return;
    }
    ctx.studio.store.refresh();
    // Tasks another window added get tracked; then everything is asked about at once (and a backoff ends).
    const tracked = new Set(ctx.studio.poller.trackedIds());
    for (const rec of ctx.studio.store.unfinished()) {
      if (rec.task.status !== 'MODAL' && !tracked.has(rec.task.id)) ctx.studio.poller.track(rec.task.id);
    }
    ctx.studio.poller.pokeSoon();
    ctx.images.catchUp();
  } catch (e) {
    await showError(e, ctx.log, { context: 'Refresh failed' });
  }
}

export async function deleteTask(ctx: CommandContext, arg?: unknown, many?: unknown): Promise<void> {
  const ids =
    Array.isArray(many) && many.every((x) => typeof x === 'string') ? (many as string[]) : undefined;
  const targets = ids ?? [(await resolveTask(ctx, arg, 'Delete which task?'))?.task.id].filter(Boolean);
  if (targets.length === 0) return;
  const what = targets.length === 1 ? 'this task' : `these ${targets.length} tasks`;
  const recs = targets
    .map((id) => (id ? ctx.studio.store.get(id) : undefined))
    .filter((r) => r !== undefined);
  // Only offered when there are local image files: the saved copies in the workspace are the user's and stay.
  const withFiles = recs.filter((r) => r.localImage);
  const removeFiles = 'Remove and Delete Local Images';
  const ok = await vscode.window.showWarningMessage(
    `Remove ${what} from your Midjourney list? The server keeps it.`,
    {
      modal: true,
      detail: withFiles.length
        ? 'The images stored for the task can be deleted too; copies saved into your workspace stay.'
        : undefined,
    },
    'Remove',
    ...(withFiles.length ? [removeFiles] : []),
  );
  if (ok !== 'Remove' && ok !== removeFiles) return;
  for (const id of targets) if (id) await ctx.studio.store.delete(id);
  if (ok === removeFiles) await ctx.library.deleteLocalFiles(withFiles);
  ctx.panels.closeMissing();
}

export async function clearFinishedTasks(ctx: CommandContext): Promise<void> {
  const done = ctx.studio.store.list().filter((r) => isFinal(r.task.status));
  if (done.length === 0) {
    void vscode.window.showInformationMessage('Midjourney: there are no finished tasks to clear.');
    return;
  }
  const ok = await vscode.window.showWarningMessage(
    `Remove ${done.length} finished task${done.length === 1 ? '' : 's'} from your list? Running tasks stay.`,
    { modal: true },
    'Remove',
  );
  if (ok !== 'Remove') return;
  for (const r of done) await ctx.studio.store.delete(r.task.id);
  ctx.panels.closeMissing();
}

export async function copyPrompt(ctx: CommandContext, arg?: unknown): Promise<void> {
  const rec = await resolveTask(ctx, arg, 'Copy the prompt of which task?');
  if (!rec) return;
  await vscode.env.clipboard.writeText(rec.task.prompt);
  vscode.window.setStatusBarMessage('$(check) Prompt copied', 2500);
}

export async function copyImageUrl(ctx: CommandContext, arg?: unknown): Promise<void> {
  const rec = await resolveTask(ctx, arg, 'Copy the image URL of which task?', (r) =>
    Boolean(r.task.imageUrl),
  );
  if (!rec) return;
  if (!rec.task.imageUrl) {
    void vscode.window.showInformationMessage('Midjourney: this task has no image yet.');
    return;
  }
  await vscode.env.clipboard.writeText(rec.task.imageUrl);
  vscode.window.setStatusBarMessage('$(check) Image URL copied', 2500);
}

/** Submits a failed task again, after the user confirms: it costs money. */
export async function retryTask(ctx: CommandContext, arg?: unknown): Promise<void> {
  const rec = await resolveTask(ctx, arg, 'Retry which task?', (r) => isFinal(r.task.status));
  if (!rec) return;
  const ok = await vscode.window.showWarningMessage(
    'Submit this task again? The server may charge for it again.',
    { modal: true, detail: rec.task.prompt },
    'Submit Again',
  );
  if (ok !== 'Submit Again') return;
  try {
    const outcome = await ctx.studio.tasks.retry(rec.task.id);
    ctx.studio.startedHere.add(outcome.record.task.id);
    ctx.panels.open(outcome.record.task.id);
    void ctx.tree.reveal(ctx.treeView, outcome.record.task.id);
  } catch (e) {
    await showError(e, ctx.log, { context: 'Retry failed' });
  }
}

/** A panel button: submits the action once, adds the new task under its parent and opens it. */
export async function pressButton(ctx: CommandContext, taskId: string, customId: string): Promise<void> {
  try {
    const outcome = await ctx.studio.tasks.pressButton(taskId, customId);
    ctx.studio.startedHere.add(outcome.record.task.id);
    ctx.panels.open(outcome.record.task.id);
    void ctx.tree.reveal(ctx.treeView, outcome.record.task.id);
    if (outcome.needsModal) {
      void vscode.window.showInformationMessage(
        'Midjourney: the server is waiting for more input for this action (Remix / Custom Zoom / Vary Region).',
      );
    }
  } catch (e) {
    await showError(e, ctx.log, { context: 'The action failed' });
  }
}
