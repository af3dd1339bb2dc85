import * as vscode from 'vscode';
import { isRefusedAction } from '../../core/api/httpErrors';
import { isInpaintModal } from '../../core/media/mask';
import { promptLabel } from '../../core/prompts/prompt';
import type { TaskRecord } from '../../core/tasks/store';
import { isFinal } from '../../core/model/types';
import { statusWords } from '../../core/model/words';
import { showError } from '../errors';
import type { CommandContext } from './context';
import { continueTask } from './modal';

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
    void vscode.window.showInformationMessage(vscode.l10n.t('Midjourney: no matching tasks.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, { placeHolder, matchOnDetail: true });
  return picked?.rec;
}

export async function openTask(ctx: CommandContext, arg?: unknown): Promise<void> {
  const rec = await resolveTask(ctx, arg, vscode.l10n.t('Open which task?'));
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
    await showError(e, ctx.log, { context: vscode.l10n.t('Refresh failed') });
  }
}

export async function deleteTask(ctx: CommandContext, arg?: unknown, many?: unknown): Promise<void> {
  const ids =
    Array.isArray(many) && many.every((x) => typeof x === 'string') ? (many as string[]) : undefined;
  const targets =
    ids ?? [(await resolveTask(ctx, arg, vscode.l10n.t('Delete which task?')))?.task.id].filter(Boolean);
  if (targets.length === 0) return;
  const recs = targets
    .map((id) => (id ? ctx.studio.store.get(id) : undefined))
    .filter((r) => r !== undefined);
  // Only offered when there are local image files: the saved copies in the workspace are the user's and stay.
  const withFiles = recs.filter((r) => r.localImage || r.localVideos?.length);
  const removeFiles = vscode.l10n.t('Remove and Delete Local Images');
  const remove = vscode.l10n.t('Remove');
  const ok = await vscode.window.showWarningMessage(
    targets.length === 1
      ? // Named: a tree that re-sorts as tasks finish can move another row under the pointer.
        vscode.l10n.t(
          'Remove “{0}” from your Midjourney list? The server keeps it.',
          promptLabel(recs[0]?.task.prompt || targets[0] || '', 60),
        )
      : vscode.l10n.t(
          'Remove these {0} tasks from your Midjourney list? The server keeps it.',
          targets.length,
        ),
    {
      modal: true,
      detail: withFiles.length
        ? vscode.l10n.t(
            'The images stored for the task can be deleted too; copies saved into your workspace stay.',
          )
        : undefined,
    },
    remove,
    ...(withFiles.length ? [removeFiles] : []),
  );
  if (ok !== remove && ok !== removeFiles) return;
  for (const id of targets) if (id) await ctx.studio.store.delete(id);
  if (ok === removeFiles) await ctx.library.deleteLocalFiles(withFiles);
  ctx.panels.closeMissing();
}

export async function clearFinishedTasks(ctx: CommandContext): Promise<void> {
  const done = ctx.studio.store.list().filter((r) => isFinal(r.task.status));
  if (done.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Midjourney: there are no finished tasks to clear.'),
    );
    return;
  }
  const remove = vscode.l10n.t('Remove');
  const ok = await vscode.window.showWarningMessage(
    done.length === 1
      ? vscode.l10n.t('Remove 1 finished task from your list? Running tasks stay.')
      : vscode.l10n.t('Remove {0} finished tasks from your list? Running tasks stay.', done.length),
    { modal: true },
    remove,
  );
  if (ok !== remove) return;
  for (const r of done) await ctx.studio.store.delete(r.task.id);
  ctx.panels.closeMissing();
}

export async function copyPrompt(ctx: CommandContext, arg?: unknown): Promise<void> {
  const rec = await resolveTask(ctx, arg, vscode.l10n.t('Copy the prompt of which task?'));
  if (!rec) return;
  await vscode.env.clipboard.writeText(rec.task.prompt);
  vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Prompt copied'), 2500);
}

export async function copyImageUrl(ctx: CommandContext, arg?: unknown): Promise<void> {
  const rec = await resolveTask(ctx, arg, vscode.l10n.t('Copy the image URL of which task?'), (r) =>
    Boolean(r.task.imageUrl),
  );
  if (!rec) return;
  if (!rec.task.imageUrl) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Midjourney: this task has no image yet.'));
    return;
  }
  await vscode.env.clipboard.writeText(rec.task.imageUrl);
  vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Image URL copied'), 2500);
}

/** Submits a failed task again, after the user confirms: it costs money. */
export async function retryTask(ctx: CommandContext, arg?: unknown): Promise<void> {
  const rec = await resolveTask(ctx, arg, vscode.l10n.t('Retry which task?'), (r) => isFinal(r.task.status));
  if (!rec) return;
  const submitAgain = vscode.l10n.t('Submit Again');
  const ok = await vscode.window.showWarningMessage(
    vscode.l10n.t('Submit this task again? The server may charge for it again.'),
    { modal: true, detail: rec.task.prompt },
    submitAgain,
  );
  if (ok !== submitAgain) return;
  try {
    const outcome = await ctx.studio.tasks.retry(rec.task.id);
    ctx.studio.startedHere.add(outcome.record.task.id);
    ctx.panels.open(outcome.record.task.id);
    void ctx.tree.reveal(ctx.treeView, outcome.record.task.id);
  } catch (e) {
    await showError(e, ctx.log, { context: vscode.l10n.t('Retry failed') });
  }
}

/**
 * A panel button: submits the action once, adds the new task under its parent and opens it. `onRefused`
 * runs instead of an error when the server refused the button outright (nothing accepted or charged).
 */
export async function pressButton(
  ctx: CommandContext,
  taskId: string,
  customId: string,
  opts: { onRefused?: () => Promise<void>; strong?: boolean } = {},
): Promise<void> {
  try {
    const press = opts.strong !== undefined ? { strong: opts.strong } : {};
    const outcome = await ctx.studio.tasks.pressButton(taskId, customId, press);
    ctx.studio.startedHere.add(outcome.record.task.id);
    ctx.panels.open(outcome.record.task.id);
    void ctx.tree.reveal(ctx.treeView, outcome.record.task.id);
    // Custom Zoom and Remix wait for a prompt: ask for it right away instead of leaving the user to find
    // "Continue…". Vary Region's painter is the panel opened above, so only a hint is shown for it.
    if (outcome.needsModal && !isInpaintModal(outcome.record)) {
      await continueTask(ctx, outcome.record.task.id);
    } else if (outcome.needsModal) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t(
          'Midjourney: the server is waiting for more input for this action (Remix / Custom Zoom / Vary Region).',
        ),
      );
    }
  } catch (e) {
    if (opts.onRefused && isRefusedAction(e)) {
      ctx.log.info(`the server refused ${customId}; trying another way`);
      return opts.onRefused();
    }
    await showError(e, ctx.log, { context: vscode.l10n.t('The action failed') });
  }
}
