import * as vscode from 'vscode';
import { pictureUrls } from '../../core/api/pictures';
import { MjError } from '../../core/model/errors';
import { isGridAction, quadrantName, uniqueName } from '../../core/media/library';
import { cropQuadrants, NotPngError } from '../../core/media/quadrants';
import type { TaskRecord } from '../../core/tasks/store';
import { showError } from '../errors';
import { exists, libraryError } from '../library';
import type { CommandContext } from './context';
import { resolveTask } from './tasks';

const hasImage = (r: TaskRecord): boolean => r.task.status === 'SUCCESS' && Boolean(r.task.imageUrl);

/** `midjourney.insertImage`: saves the image into the workspace and links it at the editor's cursor. */
export async function insertImage(ctx: CommandContext, arg?: unknown): Promise<void> {
  const rec = await resolveTask(ctx, arg, vscode.l10n.t('Insert the image of which task?'), hasImage);
  if (!rec) return;
  try {
    await ctx.markdown.insert(rec.task.id);
  } catch (e) {
    await showError(e, ctx.log, { context: vscode.l10n.t('Insert into Editor failed') });
  }
}

/** `midjourney.saveImageAs`: a save dialog in the save folder, named after the prompt (never a taken name). */
export async function saveImageAs(ctx: CommandContext, arg?: unknown): Promise<void> {
  const rec = await resolveTask(ctx, arg, vscode.l10n.t('Save the image of which task?'), hasImage);
  if (!rec) return;
  const id = rec.task.id;
  try {
    const img = await ctx.library.read(id);
    const folder = ctx.library.saveFolder();
    let defaultUri: vscode.Uri | undefined;
    let tidy = async (): Promise<void> => undefined;
    if (folder) {
      const free = await uniqueName(ctx.library.nameFor(id, img.ext), (n) =>
        exists(vscode.Uri.joinPath(folder, n)),
      );
      defaultUri = vscode.Uri.joinPath(folder, free);
      tidy = await makeFolderFor(folder);
    }
    let target: vscode.Uri | undefined;
    try {
      target = await vscode.window.showSaveDialog({
        title: vscode.l10n.t('Save Image As'),
        defaultUri,
        filters: { [vscode.l10n.t('Images')]: [img.ext] },
        saveLabel: vscode.l10n.t('Save Image'),
      });
      if (!target) return;
      const dir = vscode.Uri.joinPath(target, '..');
      await vscode.workspace.fs.createDirectory(dir);
      // The dialog asked before replacing an existing file, so the user's choice is written as is.
      await vscode.workspace.fs.writeFile(target, img.bytes);
    } finally {
      await tidy();
    }
    await ctx.library.rememberSaved(id, target);
    void announceSaved(ctx, [target]);
  } catch (e) {
    await showError(e, ctx.log, { context: vscode.l10n.t('Save Image As failed') });
  }
}

/**
 * Creates the save folder before the dialog opens in it: a dialog given a folder that does not exist yet (a
 * fresh workspace) opens somewhere else (native dialogs) or first asks whether to create it (VS Code's own
 * dialog). Returns a function that removes again the folders made here when nothing was saved into them.
 */
async function makeFolderFor(folder: vscode.Uri): Promise<() => Promise<void>> {
  if (await exists(folder)) return async () => undefined;
  // The outermost folder that is missing: what a cancelled dialog must leave behind is nothing from there on.
  let top = folder;
  for (;;) {
    const up = vscode.Uri.joinPath(top, '..');
    if (up.path === top.path || (await exists(up))) break;
    top = up;
  }
  await vscode.workspace.fs.createDirectory(folder);
  return async () => {
    try {
      // Only the empty chain made here: each level holds nothing but the next one.
      for (let dir = folder; ; dir = vscode.Uri.joinPath(dir, '..')) {
        const entries = await vscode.workspace.fs.readDirectory(dir);
        if (entries.length > (dir.path === folder.path ? 0 : 1)) return;
        if (dir.path === top.path) break;
      }
      await vscode.workspace.fs.delete(top, { recursive: true });
    } catch {
      // Leaving an empty folder behind is harmless.
    }
  };
}

/** `midjourney.saveQuadrants`: crops a grid into its four pictures and saves each into the save folder. */
export async function saveQuadrants(ctx: CommandContext, arg?: unknown): Promise<void> {
  const rec = await resolveTask(
    ctx,
    arg,
    vscode.l10n.t('Split the grid of which task?'),
    (r) => hasImage(r) && isGridAction(r.task.action),
  );
  if (!rec) return;
  const id = rec.task.id;
  try {
    if (!isGridAction(rec.task.action))
      throw libraryError(vscode.l10n.t('This image is a single picture, not a grid of four.'));
    const folder = ctx.library.saveFolder();
    if (!folder)
      throw libraryError(vscode.l10n.t('Open a folder first: images are saved into the workspace.'));
    const saved: vscode.Uri[] = [];
    // The server's own four pictures (trueai `imageUrls`), each its own file in its own format: no cropping,
    // so JPEG and WebP grids work too.
    const pictures = await separatePictures(ctx, rec);
    if (pictures) {
      for (const [i, file] of pictures.entries()) {
        const ext = file.path.split('.').pop() ?? 'png';
        const name = ctx.library.nameFor(id, ext);
        saved.push(
          await ctx.library.writeUnique(
            folder,
            quadrantName(name, i + 1),
            await vscode.workspace.fs.readFile(file),
          ),
        );
      }
      void announceSaved(ctx, saved);
      return;
    }
    const img = await ctx.library.read(id);
    let parts: Uint8Array[];
    try {
      parts = cropQuadrants(img.bytes);
    } catch (e) {
      if (e instanceof NotPngError) throw new MjError({ kind: 'unsupported', message: e.message });
      throw e;
    }
    const name = ctx.library.nameFor(id, 'png');
    for (const [i, bytes] of parts.entries()) {
      saved.push(await ctx.library.writeUnique(folder, quadrantName(name, i + 1), bytes));
    }
    void announceSaved(ctx, saved);
  } catch (e) {
    await showError(e, ctx.log, { context: vscode.l10n.t('Save Quadrants failed') });
  }
}

/** The local copies of a grid's four separate pictures, downloading them first when needed; undefined without. */
async function separatePictures(ctx: CommandContext, rec: TaskRecord): Promise<vscode.Uri[] | undefined> {
  if (pictureUrls(rec.task).length !== 4) return undefined;
  await ctx.images.ensurePictures(rec);
  const fresh = ctx.studio.store.get(rec.task.id) ?? rec;
  const files = [1, 2, 3, 4].map((n) => ctx.images.pictureUri(fresh, n));
  return files.every((f): f is vscode.Uri => f !== undefined) ? files : undefined;
}

/** `midjourney.revealImage`: the saved workspace copy in the Explorer, else the library file in the OS. */
export async function revealImage(ctx: CommandContext, arg?: unknown): Promise<void> {
  const rec = await resolveTask(ctx, arg, vscode.l10n.t('Reveal the image of which task?'), hasImage);
  if (!rec) return;
  try {
    const copy = await ctx.library.savedCopy(rec.task.id);
    if (copy) {
      await vscode.commands.executeCommand('revealInExplorer', copy);
      return;
    }
    const local = ctx.images.localUri(rec);
    if (!local)
      throw libraryError(vscode.l10n.t('This image has not been downloaded yet; refresh the task.'));
    await vscode.commands.executeCommand('revealFileInOS', local);
  } catch (e) {
    await showError(e, ctx.log, { context: vscode.l10n.t('Reveal failed') });
  }
}

async function announceSaved(ctx: CommandContext, files: vscode.Uri[]): Promise<void> {
  const first = files[0];
  if (!first) return;
  const where = vscode.workspace.asRelativePath(first, false);
  ctx.log.info(files.length === 1 ? `Saved ${where}` : `Saved ${files.length} images (${where}, …)`);
  const reveal = vscode.l10n.t('Reveal');
  const picked = await vscode.window.showInformationMessage(
    files.length === 1
      ? vscode.l10n.t('Midjourney: Saved {0}.', where)
      : vscode.l10n.t('Midjourney: Saved {0} images ({1}, …).', files.length, where),
    reveal,
  );
  if (picked === reveal) await vscode.commands.executeCommand('revealInExplorer', first);
}
