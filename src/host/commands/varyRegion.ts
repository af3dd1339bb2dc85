import * as vscode from 'vscode';
import { MjError } from '../../core/model/errors';
import { isInpaintModal, maskSize } from '../../core/media/mask';
import { showError } from '../errors';
import type { CommandContext } from './context';

/** Tasks whose mask is on its way: a second Submit click must not send a second (paid) modal. */
const sending = new Set<string>();

/**
 * The painter's Submit: sends the mask and prompt of a Vary Region task with /submit/modal, once.
 * The panel's message was already validated in shape; here the task must still be a MODAL from the
 * Vary (Region) button and the mask a PNG of a usable size.
 */
export async function submitMask(
  ctx: CommandContext,
  taskId: string,
  prompt: string,
  maskDataUrl: string,
): Promise<void> {
  const rec = ctx.studio.store.get(taskId);
  if (!rec || !isInpaintModal(rec)) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Midjourney: this task is not waiting for a region any more.'),
    );
    return;
  }
  if (sending.has(taskId)) return;
  const size = maskSize(maskDataUrl);
  if (typeof size === 'string') {
    void showError(new MjError({ kind: 'config', message: size, remedy: 'showLog' }), ctx.log, {
      context: vscode.l10n.t('Vary Region not sent'),
    });
    return;
  }
  sending.add(taskId);
  try {
    ctx.log.info(`Vary Region ${taskId}: sending a ${size.width}×${size.height} mask`);
    await ctx.studio.tasks.submitModal(taskId, prompt.trim(), maskDataUrl);
    ctx.studio.startedHere.add(taskId);
    void ctx.tree.reveal(ctx.treeView, taskId);
  } catch (e) {
    // Not awaited: the toast waits for the user, and the panel's Submit must come back right away.
    void showError(e, ctx.log, { context: vscode.l10n.t('Vary Region failed') });
  } finally {
    sending.delete(taskId);
  }
}
