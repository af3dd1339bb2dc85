import * as vscode from 'vscode';
import { validatePromptInput } from '../promptInput';
import { pictureUrls } from '../../core/api/pictures';
import { baseName, checkImages, IMAGE_EXTENSIONS, toDataUrl } from '../../core/media/imageInput';
import { promptLabel } from '../../core/prompts/prompt';
import type { TaskRecord } from '../../core/tasks/store';
import { showError } from '../errors';
import { ensureApiKey } from './apiKey';
import type { CommandContext } from './context';
import { showSubmitted } from './images';

/** The picture to edit and where it came from. */
interface Source {
  image: string;
  name: string;
  parent?: TaskRecord;
}

/** What the command does to the picture: `/submit/edits`, or trueai's `/submit/retexture`. */
type EditKind = 'edit' | 'retexture';

/**
 * `midjourney.editImage`: a prompt applied to one picture (`/submit/edits`) → a new task. From the tree a
 * finished task (its local copy, else its link; the edit is nested under it), from the Explorer an image
 * file; from the palette we ask for either.
 */
export async function editImage(ctx: CommandContext, arg?: unknown): Promise<void> {
  await runEdit(ctx, arg, 'edit');
}

/**
 * `midjourney.retextureImage` ("Retexture Image…", trueai): the picture's shapes kept, its surfaces made anew
 * from the prompt (`/submit/retexture`). A server without it answers 404, shown as "does not offer".
 */
export async function retextureImage(ctx: CommandContext, arg?: unknown): Promise<void> {
  await runEdit(ctx, arg, 'retexture');
}

async function runEdit(ctx: CommandContext, arg: unknown, kind: EditKind): Promise<void> {
  const source = await sourceOf(ctx, arg, kind);
  if (!source) return;
  const retexture = kind === 'retexture';
  const prompt = await vscode.window.showInputBox({
    title: retexture
      ? vscode.l10n.t('Midjourney: Retexture {0}', source.name)
      : vscode.l10n.t('Midjourney: Edit {0}', source.name),
    prompt: retexture
      ? vscode.l10n.t('The new surfaces and materials; the shapes stay.')
      : vscode.l10n.t('What to change in the picture.'),
    placeHolder: retexture
      ? vscode.l10n.t('polished bronze, moss and wet stone')
      : vscode.l10n.t('make it snow, add a red umbrella'),
    ignoreFocusOut: true,
    validateInput: (v) => validatePromptInput(v),
  });
  if (prompt === undefined || !prompt.trim() || !(await ensureApiKey(ctx))) return;
  const opts = {
    parentId: source.parent?.task.id,
    label: retexture ? vscode.l10n.t('Retexture {0}', source.name) : vscode.l10n.t('Edit {0}', source.name),
  };
  try {
    const outcome = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: retexture
          ? vscode.l10n.t('Midjourney: submitting the retexture…')
          : vscode.l10n.t('Midjourney: submitting the edit…'),
      },
      () =>
        retexture
          ? ctx.studio.tasks.retexture(prompt.trim(), source.image, opts)
          : ctx.studio.tasks.edit(prompt.trim(), source.image, opts),
    );
    showSubmitted(ctx, outcome);
  } catch (e) {
    // No Retry button: the edit may have been received (and paid for); the user runs the command again.
    await showError(e, ctx.log, {
      context: retexture ? vscode.l10n.t('Retexture failed') : vscode.l10n.t('Edit failed'),
    });
  }
}

async function sourceOf(ctx: CommandContext, arg: unknown, kind: EditKind): Promise<Source | undefined> {
  const title =
    kind === 'retexture'
      ? vscode.l10n.t('Midjourney: Retexture Image')
      : vscode.l10n.t('Midjourney: Edit Image');
  if (arg instanceof vscode.Uri) return fromFile(arg);
  if (typeof arg === 'string') {
    const rec = ctx.studio.store.get(arg);
    return rec ? fromTask(rec) : undefined;
  }
  const picked = pictureArg(arg);
  if (picked) {
    const rec = ctx.studio.store.get(picked.taskId);
    return rec ? fromTask(rec, picked.picture) : undefined;
  }
  type Item = vscode.QuickPickItem & { rec?: TaskRecord };
  const finished = ctx.studio.store
    .list()
    .filter((r) => r.task.status === 'SUCCESS' && (r.localImage || r.task.imageUrl))
    .map(
      (r): Item => ({
        label: promptLabel(r.task.prompt || r.origin.label || r.task.id, 80),
        detail: r.task.id,
        rec: r,
      }),
    );
  const pick = await vscode.window.showQuickPick<Item>(
    [{ label: `$(file-media) ${vscode.l10n.t('Choose an image file…')}` }, ...finished],
    {
      title,
      placeHolder:
        kind === 'retexture'
          ? vscode.l10n.t('Retexture which picture?')
          : vscode.l10n.t('Edit which picture?'),
      matchOnDetail: true,
    },
  );
  if (!pick) return undefined;
  if (pick.rec) return fromTask(pick.rec);
  const files = await vscode.window.showOpenDialog({
    title,
    canSelectMany: false,
    openLabel: kind === 'retexture' ? vscode.l10n.t('Retexture Image') : vscode.l10n.t('Edit Image'),
    filters: { [vscode.l10n.t('Images')]: [...IMAGE_EXTENSIONS] },
  });
  return files?.[0] ? fromFile(files[0]) : undefined;
}

/** `{taskId, picture}` from the panel: one of a grid's separate pictures (1-4). */
function pictureArg(arg: unknown): { taskId: string; picture: number } | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const { taskId, picture } = arg as { taskId?: unknown; picture?: unknown };
  if (typeof taskId !== 'string' || typeof picture !== 'number' || !Number.isInteger(picture))
    return undefined;
  return picture >= 1 && picture <= 4 ? { taskId, picture } : undefined;
}

/**
 * The task's local copy as a data URL (its link may have expired), else its http(s) link; with `picture`,
 * that one of its separate pictures (its own local file first, then its link).
 */
async function fromTask(rec: TaskRecord, picture?: number): Promise<Source | undefined> {
  const label = promptLabel(rec.task.prompt || rec.task.id, 30);
  const name = picture ? `task ${label} #${picture}` : `task ${label}`;
  if (rec.task.status !== 'SUCCESS') {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('Midjourney: only a finished task’s picture can be edited.'),
    );
    return undefined;
  }
  const local = picture ? rec.localPictures?.[picture - 1] : rec.localImage;
  if (local) {
    try {
      const uri = vscode.Uri.file(local);
      const bytes = await vscode.workspace.fs.readFile(uri);
      if (!checkImages([{ name: baseName(uri.path), size: bytes.length }], { min: 1, max: 1 })) {
        return { image: toDataUrl(baseName(uri.path), bytes), name, parent: rec };
      }
    } catch {
      // The local copy is gone: the link below may still work.
    }
  }
  const url = picture ? pictureUrls(rec.task)[picture - 1] : rec.task.imageUrl;
  if (url && /^https?:\/\//i.test(url)) return { image: url, name, parent: rec };
  void vscode.window.showWarningMessage(vscode.l10n.t('Midjourney: this task has no picture to edit.'));
  return undefined;
}

async function fromFile(uri: vscode.Uri): Promise<Source | undefined> {
  const name = baseName(uri.path);
  const stat = await vscode.workspace.fs.stat(uri);
  const problem = checkImages([{ name, size: stat.size }], { min: 1, max: 1 });
  if (problem) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Midjourney: {0}', problem));
    return undefined;
  }
  return { image: toDataUrl(name, await vscode.workspace.fs.readFile(uri)), name };
}
