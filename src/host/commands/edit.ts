import * as vscode from 'vscode';
import { baseName, checkImages, IMAGE_EXTENSIONS, toDataUrl } from '../../core/media/imageInput';
import { promptLabel, validatePrompt } from '../../core/prompts/prompt';
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

/**
 * `midjourney.editImage`: a prompt applied to one picture (`/submit/edits`) → a new task. From the tree a
 * finished task (its local copy, else its link; the edit is nested under it), from the Explorer an image
 * file; from the palette we ask for either.
 */
export async function editImage(ctx: CommandContext, arg?: unknown): Promise<void> {
  const source = await sourceOf(ctx, arg);
  if (!source) return;
  const prompt = await vscode.window.showInputBox({
    title: vscode.l10n.t('Midjourney: Edit {0}', source.name),
    prompt: vscode.l10n.t('What to change in the picture.'),
    placeHolder: vscode.l10n.t('make it snow, add a red umbrella'),
    ignoreFocusOut: true,
    validateInput: (v) => validatePrompt(v),
  });
  if (prompt === undefined || !prompt.trim() || !(await ensureApiKey(ctx))) return;
  try {
    const outcome = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Midjourney: submitting the edit…'),
      },
      () =>
        ctx.studio.tasks.edit(prompt.trim(), source.image, {
          parentId: source.parent?.task.id,
          label: vscode.l10n.t('Edit {0}', source.name),
        }),
    );
    showSubmitted(ctx, outcome);
  } catch (e) {
    // No Retry button: the edit may have been received (and paid for); the user runs the command again.
    await showError(e, ctx.log, { context: vscode.l10n.t('Edit failed') });
  }
}

async function sourceOf(ctx: CommandContext, arg: unknown): Promise<Source | undefined> {
  if (arg instanceof vscode.Uri) return fromFile(arg);
  if (typeof arg === 'string') {
    const rec = ctx.studio.store.get(arg);
    return rec ? fromTask(rec) : undefined;
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
      title: vscode.l10n.t('Midjourney: Edit Image'),
      placeHolder: vscode.l10n.t('Edit which picture?'),
      matchOnDetail: true,
    },
  );
  if (!pick) return undefined;
  if (pick.rec) return fromTask(pick.rec);
  const files = await vscode.window.showOpenDialog({
    title: vscode.l10n.t('Midjourney: Edit Image'),
    canSelectMany: false,
    openLabel: vscode.l10n.t('Edit Image'),
    filters: { [vscode.l10n.t('Images')]: [...IMAGE_EXTENSIONS] },
  });
  return files?.[0] ? fromFile(files[0]) : undefined;
}

/** The task's local copy as a data URL (its link may have expired), else its http(s) link. */
async function fromTask(rec: TaskRecord): Promise<Source | undefined> {
  const name = `task ${promptLabel(rec.task.prompt || rec.task.id, 30)}`;
  if (rec.task.status !== 'SUCCESS') {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('Midjourney: only a finished task’s picture can be edited.'),
    );
    return undefined;
  }
  if (rec.localImage) {
    try {
      const uri = vscode.Uri.file(rec.localImage);
      const bytes = await vscode.workspace.fs.readFile(uri);
      if (!checkImages([{ name: baseName(uri.path), size: bytes.length }], { min: 1, max: 1 })) {
        return { image: toDataUrl(baseName(uri.path), bytes), name, parent: rec };
      }
    } catch {
      // The local copy is gone: the link below may still work.
    }
  }
  const url = rec.task.imageUrl;
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
