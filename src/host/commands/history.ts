import * as vscode from 'vscode';
import { MjError } from '../../core/model/errors';
import { promptLabel } from '../../core/prompts/prompt';
import type { Task } from '../../core/model/types';
import { relativeTime, statusWords } from '../../core/model/words';
import { showError } from '../errors';
import { ensureApiKey } from './apiKey';
import type { CommandContext } from './context';

type Item = vscode.QuickPickItem & { task?: Task; known?: boolean };

/**
 * `midjourney.importTasks`: lists the active server's recent tasks (made in its web console or on another
 * machine) and adds the chosen ones to the list. Servers without a task list (relays) get the way that
 * works there: Track Task by ID.
 */
export async function importTasks(ctx: CommandContext): Promise<void> {
  if (!(await ensureApiKey(ctx))) return;
  const profile = ctx.studio.settings.active;
  let listed: Task[];
  try {
    listed = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t("Midjourney: reading {0}'s tasks…", profile.name),
      },
      () => ctx.studio.client(profile.id).listTasks(),
    );
  } catch (e) {
    if (e instanceof MjError && e.kind === 'unsupported') return offerTrack(profile.name);
    await showError(e, ctx.log, { context: vscode.l10n.t('Import Tasks failed') });
    return;
  }
  const tasks = listed
    .filter((t) => t.id)
    .sort((a, b) => (b.submitTime ?? 0) - (a.submitTime ?? 0))
    .slice(0, 200);
  if (tasks.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Midjourney: {0} lists no tasks.', profile.name));
    return;
  }
  const item = (t: Task, known: boolean): Item => ({
    label: `${known ? '$(check) ' : ''}${promptLabel(t.prompt || t.description || t.action || t.id, 80)}`,
    description: [
      statusWords(t.status),
      t.action,
      t.submitTime ? relativeTime(t.submitTime) : '',
      known ? vscode.l10n.t('already in your list') : '',
    ]
      .filter(Boolean)
      .join(' · '),
    detail: t.id,
    task: t,
    known,
  });
  const fresh = tasks.filter((t) => !ctx.studio.store.get(t.id)).map((t) => item(t, false));
  const known = tasks.filter((t) => ctx.studio.store.get(t.id)).map((t) => item(t, true));
  const items: Item[] = [...fresh];
  if (known.length)
    items.push(
      { label: vscode.l10n.t('Already in your list'), kind: vscode.QuickPickItemKind.Separator },
      ...known,
    );
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Midjourney: Import Tasks from {0}', profile.name),
    placeHolder: fresh.length
      ? vscode.l10n.t('Choose tasks to add ({0} not in your list yet)', fresh.length)
      : vscode.l10n.t('Every task the server lists is already in your list'),
    canPickMany: true,
    matchOnDescription: true,
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  // Tasks already in the list are shown for orientation only; picking them adds nothing.
  const chosen = (picked ?? []).filter((i) => i.task && !i.known).map((i) => i.task as Task);
  if (chosen.length === 0) return;
  try {
    const added = await ctx.studio.tasks.adopt(chosen, profile.id);
    const first = added[0];
    if (first) void ctx.tree.reveal(ctx.treeView, first);
    vscode.window.setStatusBarMessage(
      added.length === 1
        ? vscode.l10n.t('$(check) Imported 1 task from {0}', profile.name)
        : vscode.l10n.t('$(check) Imported {0} tasks from {1}', added.length, profile.name),
      4000,
    );
  } catch (e) {
    await showError(e, ctx.log, { context: vscode.l10n.t('Import Tasks failed') });
  }
}

/** The server has no task list: say so and offer Track Task by ID where it is available. */
async function offerTrack(server: string): Promise<void> {
  const canTrack = (await vscode.commands.getCommands(true)).includes('midjourney.trackTask');
  const message = canTrack
    ? vscode.l10n.t(
        'Midjourney: {0} does not list its tasks (relays such as DeerAPI have no task list). Add a task by its id instead.',
        server,
      )
    : vscode.l10n.t(
        'Midjourney: {0} does not list its tasks (relays such as DeerAPI have no task list). Copy the task id from the server’s page; adding a task by its id comes with "Track Task by ID".',
        server,
      );
  const pick = await vscode.window.showInformationMessage(
    message,
    ...(canTrack ? [vscode.l10n.t('Track Task by ID…')] : []),
  );
  if (pick) await vscode.commands.executeCommand('midjourney.trackTask');
}
