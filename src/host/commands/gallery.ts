import * as vscode from 'vscode';
import { promptLabel } from '../../core/prompts/prompt';
import { baseName } from '../../core/media/imageInput';
import { styleRefLink, type RefLink } from '../../core/tasks/styleRefLink';
import { showError } from '../errors';
import { galleryOf, loadedGallery } from '../gallery/lazyGallery';
import { StyleRefs } from '../styleRefs';
import type { CommandContext } from './context';
import { resolveTask } from './tasks';

/** `midjourney.openGallery`: every finished picture as a grid in the editor area. */
export function openGallery(ctx: CommandContext): void {
  galleryOf(ctx).open();
}

/**
 * `midjourney.useAsStyleReference`: puts a finished picture's server URL into the style-reference library,
 * which the composer offers for --sref / --oref and the gallery filters by.
 */
export async function useAsStyleReference(ctx: CommandContext, arg?: unknown): Promise<void> {
  const rec = await resolveTask(
    ctx,
    arg,
    vscode.l10n.t('Use which picture as a style reference?'),
    (r) => r.task.status === 'SUCCESS' && Boolean(r.task.imageUrl),
  );
  if (!rec) return;
  const profileId = rec.profileId ?? ctx.studio.settings.active.id;
  const local = ctx.images.localUri(rec);
  const keyed = await ctx.studio.hasKey();
  let link: RefLink;
  try {
    link = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Window,
        title: vscode.l10n.t('Midjourney: keeping a style reference…'),
      },
      async () =>
        styleRefLink({
          url: rec.task.imageUrl,
          readLocal: async () =>
            local
              ? { name: baseName(local.path), bytes: await vscode.workspace.fs.readFile(local) }
              : undefined,
          ...(keyed
            ? {}
            : { uploadBlocked: vscode.l10n.t('no API key is set, so no copy could be uploaded.') }),
          client: ctx.studio.client(profileId),
          routes: ctx.studio.tasks.routes,
          profileId,
        }),
    );
  } catch (e) {
    await showError(e, ctx.log, { context: vscode.l10n.t('Use as Style Reference') });
    return;
  }
  await new StyleRefs(ctx.studio.context.globalState).add({
    url: link.url,
    taskId: rec.task.id,
    label: promptLabel(rec.task.prompt || rec.task.id, 60),
    addedAt: Date.now(),
    ...(link.uploaded ? { uploaded: true } : {}),
  });
  loadedGallery()?.refresh();
  if (link.warning) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('Midjourney: added to your style references. {0}', link.warning),
    );
    return;
  }
  vscode.window.setStatusBarMessage(
    link.uploaded
      ? vscode.l10n.t('$(paintcan) Midjourney: added to your style references (a lasting copy on the server)')
      : vscode.l10n.t('$(paintcan) Midjourney: added to your style references'),
    4000,
  );
}
