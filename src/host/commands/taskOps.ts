import * as vscode from 'vscode';
import { promptLabel } from '../../core/prompts/prompt';
import type { TaskRecord } from '../../core/tasks/store';
import { isRunning } from '../../core/model/types';
import { statusWords } from '../../core/model/words';
import { showError } from '../errors';
import { ensureApiKey } from './apiKey';
import type { CommandContext } from './context';

/** The task a command is about: the tree/panel passes its id; the palette asks among the tasks that fit. */
async function pickTask(
  ctx: CommandContext,
  arg: unknown,
  placeHolder: string,
  filter: (r: TaskRecord) => boolean,
): Promise<TaskRecord | undefined> {
  if (typeof arg === 'string') return ctx.studio.store.get(arg);
  const items = ctx.studio.store
    .list()
    .filter(filter)
    .map((r) => ({
      label: promptLabel(r.task.prompt || r.origin.label || r.task.id, 80),
      description: `${r.task.action} · ${statusWords(r.task.status)}`,
      detail: r.task.id,
      rec: r,
    }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Midjourney: no matching tasks.'));
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { placeHolder, matchOnDetail: true }))?.rec;
}

/** `midjourney.copySeed`: asks the server for a finished task's seed (once), keeps it, copies it. */
export async function copySeed(ctx: CommandContext, arg?: unknown): Promise<void> {
  const rec = await pickTask(
    ctx,
    arg,
    vscode.l10n.t('Copy the seed of which task?'),
    (r) => r.task.status === 'SUCCESS',
  );
  if (!rec) return;
  try {
    const seed = await ctx.studio.tasks.fetchSeed(rec.task.id);
    await vscode.env.clipboard.writeText(seed);
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Seed {0} copied', seed), 4000);
  } catch (e) {
    await showError(e, ctx.log, { context: vscode.l10n.t('Copy Seed failed') });
  }
}

/** `midjourney.cancelTask`: asks the server to stop a running task (servers without the endpoint say so). */
export async function cancelTask(ctx: CommandContext, arg?: unknown): Promise<void> {
  const rec = await pickTask(ctx, arg, vscode.l10n.t('Cancel which task?'), (r) => isRunning(r.task.status));
  if (!rec) return;
  try {
    const after = await ctx.studio.tasks.cancel(rec.task.id);
    if (after && isRunning(after.task.status)) {
      vscode.window.setStatusBarMessage(
        vscode.l10n.t('$(check) Cancel sent; the server has not stopped the task yet'),
        4000,
      );
    }
  } catch (e) {
    await showError(e, ctx.log, { context: vscode.l10n.t('Cancel failed') });
  }
}

const TASK_ID_RE = /^[\w.:-]{1,128}$/;

/**
 * `midjourney.trackTask`: adds a task submitted elsewhere by its id. The server is asked first (unknown
 * id: a clear error, nothing added); a task already in the list is revealed instead.
 */
export async function trackTask(ctx: CommandContext, given?: unknown): Promise<void> {
  const id = (
    typeof given === 'string'
      ? given
      : await vscode.window.showInputBox({
          title: vscode.l10n.t('Midjourney: Track Task by ID'),
          prompt: vscode.l10n.t(
            'The id of a task submitted elsewhere (another app, the server’s page) on the same server.',
          ),
          placeHolder: '1712345678901234',
          ignoreFocusOut: true,
          validateInput: (v) =>
            TASK_ID_RE.test(v.trim())
              ? undefined
              : vscode.l10n.t('A task id is letters, digits, "-", "_", "." or ":".'),
        })
  )?.trim();
  if (!id || !TASK_ID_RE.test(id) || !(await ensureApiKey(ctx))) return;
  try {
    const { record, existed } = await ctx.studio.tasks.track(id);
    ctx.panels.open(record.task.id);
    void ctx.tree.reveal(ctx.treeView, record.task.id);
    if (existed)
      vscode.window.setStatusBarMessage(vscode.l10n.t('$(info) That task is already in your list'), 4000);
  } catch (e) {
    await showError(e, ctx.log, { context: vscode.l10n.t('Track failed') });
  }
}
