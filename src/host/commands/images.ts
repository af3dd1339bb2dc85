import * as vscode from 'vscode';
import { confirmJobs, validatePromptInput } from '../promptInput';
import { suffixForSubmit } from '../suffixGuard';
import { baseName, checkImages, IMAGE_EXTENSIONS, MAX_IMAGES, toDataUrl } from '../../core/media/imageInput';
import { applySuffix } from '../../core/prompts/prompt';
import type { BlendDimensions } from '../../core/model/types';
import { showError } from '../errors';
import { ensureApiKey } from './apiKey';
import type { CommandContext } from './context';
import type { SubmitOutcome } from '../../core/tasks/taskService';

/**
 * The images a command was given: the Explorer passes the right-clicked file first and, with several
 * selected, all of them as the second argument; the palette passes nothing and we ask with the Open dialog.
 */
async function pickImages(
  uri: unknown,
  uris: unknown,
  opts: { many: boolean; title: string },
): Promise<vscode.Uri[] | undefined> {
  const list = Array.isArray(uris) ? uris.filter((u): u is vscode.Uri => u instanceof vscode.Uri) : [];
  if (list.length > 0) return list;
  if (uri instanceof vscode.Uri) return [uri];
  return vscode.window.showOpenDialog({
    title: opts.title,
    canSelectMany: opts.many,
    canSelectFiles: true,
    canSelectFolders: false,
    openLabel: opts.many ? vscode.l10n.t('Use Images') : vscode.l10n.t('Use Image'),
    filters: { [vscode.l10n.t('Images')]: [...IMAGE_EXTENSIONS] },
  });
}

/**
 * Checks the count, types and sizes before anything is read or sent, then reads the files with
 * `workspace.fs` (works for remote and virtual workspaces) into data URLs. Undefined when the user was told why not.
 */
async function readImages(
  uris: vscode.Uri[],
  limits: { min: number; max: number },
): Promise<string[] | undefined> {
  const files: { name: string; size: number }[] = [];
  for (const u of uris) {
    const stat = await vscode.workspace.fs.stat(u);
    files.push({ name: baseName(u.path), size: stat.size });
  }
  const problem = checkImages(files, limits);
  if (problem) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Midjourney: {0}', problem));
    return undefined;
  }
  return Promise.all(
    uris.map(async (u) => toDataUrl(baseName(u.path), await vscode.workspace.fs.readFile(u))),
  );
}

/** Shows a newly submitted task: remembered as ours, its panel opened and its row revealed. */
export function showSubmitted(ctx: CommandContext, outcome: SubmitOutcome): void {
  ctx.studio.startedHere.add(outcome.record.task.id);
  ctx.panels.open(outcome.record.task.id);
  void ctx.tree.reveal(ctx.treeView, outcome.record.task.id);
}

/** `texts`: the progress title and the error context, each a whole translated sentence. */
async function submit(
  ctx: CommandContext,
  texts: { progress: string; failed: string },
  run: () => Promise<SubmitOutcome>,
): Promise<void> {
  try {
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: texts.progress },
      run,
    );
    showSubmitted(ctx, outcome);
  } catch (e) {
    // No Retry button: the images would be sent (and maybe paid for) again; the user runs the command again.
    await showError(e, ctx.log, { context: texts.failed });
  }
}

/** `midjourney.imagineWithImages`: 1-5 reference images plus a prompt → one imagine with `base64Array`. */
export async function imagineWithImages(ctx: CommandContext, uri?: unknown, uris?: unknown): Promise<void> {
  const picked = await pickImages(uri, uris, {
    many: true,
    title: vscode.l10n.t('Midjourney: Use Image(s) to Imagine'),
  });
  if (!picked?.length) return;
  const images = await readImages(picked, { min: 1, max: MAX_IMAGES });
  if (!images) return;
  const suffix = ctx.studio.settings.promptSuffix;
  const typed = await vscode.window.showInputBox({
    title:
      images.length === 1
        ? vscode.l10n.t('Midjourney: Imagine with 1 Image')
        : vscode.l10n.t('Midjourney: Imagine with {0} Images', images.length),
    placeHolder: vscode.l10n.t('in the style of a watercolor, at dusk'),
    prompt: suffix
      ? vscode.l10n.t('Will be added: {0}', suffix)
      : vscode.l10n.t('What to make from the images. Parameters such as --iw 2 work too.'),
    ignoreFocusOut: true,
    validateInput: (v) => validatePromptInput(v),
  });
  if (typed === undefined || !(await ensureApiKey(ctx))) return;
  const guarded = await suffixForSubmit(ctx);
  if (guarded === undefined) return;
  const prompt = applySuffix(typed.trim(), guarded);
  if (!(await confirmJobs(prompt))) return;
  await submit(
    ctx,
    {
      progress: vscode.l10n.t('Midjourney: submitting the imagine…'),
      failed: vscode.l10n.t('The imagine failed'),
    },
    () => ctx.studio.tasks.imagine(prompt, { base64Array: images }),
  );
}

/** The blend shapes, labelled in the UI language (a function: the texts are looked up when shown). */
function dimensions(): { label: string; description: string; value: BlendDimensions }[] {
  return [
    { label: vscode.l10n.t('Square'), description: '1:1', value: 'SQUARE' },
    { label: vscode.l10n.t('Portrait'), description: '2:3', value: 'PORTRAIT' },
    { label: vscode.l10n.t('Landscape'), description: '3:2', value: 'LANDSCAPE' },
  ];
}

/** `midjourney.blendImages`: 2-5 images and a shape → one blend task. */
export async function blendImages(ctx: CommandContext, uri?: unknown, uris?: unknown): Promise<void> {
  const picked = await pickImages(uri, uris, {
    many: true,
    title: vscode.l10n.t('Midjourney: Blend Images (pick 2 to 5)'),
  });
  if (!picked?.length) return;
  const images = await readImages(picked, { min: 2, max: MAX_IMAGES });
  if (!images) return;
  const shape = await vscode.window.showQuickPick(dimensions(), {
    title: vscode.l10n.t('Midjourney: Blend {0} Images', images.length),
    placeHolder: vscode.l10n.t('The shape of the result'),
  });
  if (!shape || !(await ensureApiKey(ctx))) return;
  const label = vscode.l10n.t('Blend {0} images', images.length);
  await submit(
    ctx,
    {
      progress: vscode.l10n.t('Midjourney: submitting the blend…'),
      failed: vscode.l10n.t('The blend failed'),
    },
    () => ctx.studio.tasks.blend(images, shape.value, label),
  );
}

/** `midjourney.describeImage`: one image → a task whose result is four prompts (shown in the panel). */
export async function describeImage(ctx: CommandContext, uri?: unknown): Promise<void> {
  const picked = await pickImages(uri, undefined, {
    many: false,
    title: vscode.l10n.t('Midjourney: Describe Image'),
  });
  if (!picked?.length) return;
  const images = await readImages(picked.slice(0, 1), { min: 1, max: 1 });
  if (!images || !(await ensureApiKey(ctx))) return;
  const label = vscode.l10n.t('Describe {0}', baseName(picked[0]!.path));
  await submit(
    ctx,
    {
      progress: vscode.l10n.t('Midjourney: submitting the describe…'),
      failed: vscode.l10n.t('The describe failed'),
    },
    // trueai answers in Chinese when asked (`language`); other servers ignore the field.
    () => ctx.studio.tasks.describe(images[0]!, label, describeLanguage(vscode.env.language)),
  );
}

/** The `language` a describe asks for: "zh" in a Chinese UI (trueai translates its prompts), else none. */
export function describeLanguage(uiLanguage: string): string | undefined {
  return /^zh\b/i.test(uiLanguage) ? 'zh' : undefined;
}
