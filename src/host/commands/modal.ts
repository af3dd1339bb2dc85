import * as vscode from 'vscode';
import { isInpaintModal } from '../../core/media/mask';
import { parseParams, validatePrompt } from '../../core/prompts/prompt';
import { showError } from '../errors';
import type { CommandContext } from './context';

/** Why a Custom Zoom prompt cannot be sent, or undefined: it needs `--zoom` between 1 and 2. */
export function validateZoomPrompt(prompt: string): string | undefined {
  const empty = validatePrompt(prompt);
  if (empty) return empty;
  const zoom = parseParams(prompt).zoom;
  if (zoom === undefined)
    return vscode.l10n.t('Add --zoom with a value between 1 and 2, for example --zoom 1.5.');
  const n = Number(zoom);
  if (!Number.isFinite(n) || n < 1 || n > 2)
    return vscode.l10n.t('--zoom must be between 1 and 2 (got "{0}").', zoom);
  return undefined;
}

/**
 * `midjourney.continueTask`: answers a task the server holds in MODAL (Custom Zoom, Remix): asks for the
 * prompt, pre-filled with what the server proposed, and sends it with /submit/modal. A Vary Region task
 * opens its panel instead, where the mask is painted.
 */
export async function continueTask(ctx: CommandContext, arg?: unknown): Promise<void> {
  const id =
    typeof arg === 'string'
      ? arg
      : (
          await vscode.window.showQuickPick(
            ctx.studio.store
              .list()
              .filter((r) => r.task.status === 'MODAL')
              .map((r) => ({
                label: r.task.prompt || r.task.id,
                description: r.origin.label,
                id: r.task.id,
              })),
            { placeHolder: vscode.l10n.t('Continue which task?') },
          )
        )?.id;
  const rec = id ? ctx.studio.store.get(id) : undefined;
  if (!rec) return;
  if (rec.task.status !== 'MODAL') {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Midjourney: this task is not waiting for input.'),
    );
    return;
  }
  if (isInpaintModal(rec)) {
    // Vary Region needs a painted mask, which a text box cannot give: the task's panel has the painter.
    ctx.panels.open(rec.task.id);
    return;
  }
  const isZoom = /CustomZoom/.test(rec.origin.customId ?? '');
  const parentPrompt = rec.parentId ? ctx.studio.store.get(rec.parentId)?.task.prompt : undefined;
  const value = rec.task.finalPrompt || rec.task.prompt || parentPrompt || '';
  const prompt = await vscode.window.showInputBox({
    title: isZoom ? vscode.l10n.t('Midjourney: Custom Zoom') : vscode.l10n.t('Midjourney: Remix'),
    prompt: isZoom
      ? vscode.l10n.t('Edit the prompt; --zoom takes a value between 1 and 2.')
      : vscode.l10n.t('Edit the prompt for this action.'),
    value: isZoom && !/--zoom\b/.test(value) ? `${value} --zoom 2` : value,
    ignoreFocusOut: true,
    validateInput: (v) => (isZoom ? validateZoomPrompt(v) : validatePrompt(v)),
  });
  if (prompt === undefined) return;
  try {
    await ctx.studio.tasks.submitModal(rec.task.id, prompt.trim());
    ctx.studio.startedHere.add(rec.task.id);
    ctx.panels.open(rec.task.id);
  } catch (e) {
    await showError(e, ctx.log, { context: vscode.l10n.t('Continue failed') });
  }
}
