import * as vscode from 'vscode';
import { referenceText, uploadReference } from '../../core/api/reference';
import type { ReferenceKind } from '../../core/api/reference';
import { baseName, checkImages, IMAGE_EXTENSIONS, toDataUrl } from '../../core/media/imageInput';
import { showError } from '../errors';
import { ensureApiKey } from './apiKey';
import type { CommandContext } from './context';

/**
 * `midjourney.uploadReference`: a local picture becomes a link (`/submit/upload-discord-images`, no job, nothing
 * charged) used as `--sref`, `--oref` or an image prompt; the text goes into the last editor at the cursor, and
 * to the clipboard.
 */
export async function uploadReferenceImage(ctx: CommandContext, arg?: unknown): Promise<void> {
  let uri = arg instanceof vscode.Uri ? arg : undefined;
  if (!uri) {
    const files = await vscode.window.showOpenDialog({
      title: vscode.l10n.t('Midjourney: Use Image as Reference'),
      canSelectMany: false,
      openLabel: vscode.l10n.t('Use as Reference'),
      filters: { [vscode.l10n.t('Images')]: [...IMAGE_EXTENSIONS] },
    });
    uri = files?.[0];
  }
  if (!uri) return;
  const name = baseName(uri.path);
  const stat = await vscode.workspace.fs.stat(uri);
  const problem = checkImages([{ name, size: stat.size }], { min: 1, max: 1 });
  if (problem) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Midjourney: {0}', problem));
    return;
  }
  type Item = vscode.QuickPickItem & { ref: ReferenceKind };
  const kinds: Item[] = [
    { label: '--sref', description: vscode.l10n.t('Style reference'), ref: 'sref' },
    { label: '--oref', description: vscode.l10n.t('Omni reference (V7 and later)'), ref: 'oref' },
    {
      label: vscode.l10n.t('Image prompt'),
      description: vscode.l10n.t('The link in front of the prompt'),
      ref: 'image',
    },
  ];
  const pick = await vscode.window.showQuickPick(kinds, {
    title: vscode.l10n.t('Midjourney: Use {0} as Reference', name),
    placeHolder: vscode.l10n.t('How should the prompt use it?'),
  });
  if (!pick || !(await ensureApiKey(ctx))) return;
  try {
    const dataUrl = toDataUrl(name, await vscode.workspace.fs.readFile(uri));
    const profileId = ctx.studio.settings.active.id;
    const url = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Midjourney: uploading {0}…', name),
      },
      () => uploadReference(ctx.studio.client(profileId), ctx.studio.tasks.routes, profileId, dataUrl),
    );
    const text = referenceText(pick.ref, url);
    await vscode.env.clipboard.writeText(text);
    const editor = ctx.editors.get();
    if (editor) await editor.edit((e) => e.insert(editor.selection.active, ` ${text} `));
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Midjourney: {0} is ready to use (also on the clipboard).', text),
    );
  } catch (e) {
    await showError(e, ctx.log, { context: vscode.l10n.t('Upload failed') });
  }
}
