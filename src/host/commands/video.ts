import * as vscode from 'vscode';
import { validatePromptInput } from '../promptInput';
import { baseName, checkImages, toDataUrl } from '../../core/media/imageInput';
import { promptLabel } from '../../core/prompts/prompt';
import type { TaskRecord } from '../../core/tasks/store';
import { animateButtons, canAnimate, isVideoTask, videoUrlsOf } from '../../core/media/video';
import type { VideoBatchSize, VideoMotion, VideoResolution } from '../../core/media/video';
import { showError } from '../errors';
import { ensureApiKey } from './apiKey';
import type { CommandContext } from './context';
import { showSubmitted } from './images';
import { pressButton, resolveTask } from './tasks';

/** The motion choices in the UI language (a function: the texts are looked up when shown). */
function motions(): { label: string; description: string; motion: VideoMotion }[] {
  return [
    {
      label: vscode.l10n.t('Low motion'),
      description: vscode.l10n.t('a calm scene, small camera moves'),
      motion: 'low',
    },
    {
      label: vscode.l10n.t('High motion'),
      description: vscode.l10n.t('more movement of subject and camera'),
      motion: 'high',
    },
  ];
}

async function askMotion(title: string): Promise<VideoMotion | undefined> {
  const picked = await vscode.window.showQuickPick(motions(), {
    title,
    placeHolder: vscode.l10n.t('How much motion?'),
  });
  return picked?.motion;
}

async function askPrompt(title: string, value: string): Promise<string | undefined> {
  const typed = await vscode.window.showInputBox({
    title,
    value,
    prompt: vscode.l10n.t('What should happen in the video.'),
    ignoreFocusOut: true,
    validateInput: (v) => validatePromptInput(v),
  });
  return typed?.trim();
}

/** The task's picture as the first frame: its http(s) link, else its local copy as a data URL. */
async function firstFrame(rec: TaskRecord): Promise<string | undefined> {
  const url = rec.task.imageUrl;
  if (url && /^https?:\/\//i.test(url)) return url;
  if (!rec.localImage) return undefined;
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.file(rec.localImage));
  return toDataUrl(baseName(rec.localImage), bytes);
}

/**
 * `midjourney.animate`: a video from a finished picture. From the tree or palette: the server's own Animate
 * button when it offered one (pressed once, like any button), else POST /submit/video with the picture as
 * first frame; a relay that lists the button but refuses it (unknown_action: nothing charged) gets the
 * /submit/video route too. From the Explorer (an image file): /submit/video with the file as a data URL.
 */
export async function animate(ctx: CommandContext, arg?: unknown): Promise<void> {
  if (arg instanceof vscode.Uri) return animateFile(ctx, arg);
  const rec = await resolveTask(ctx, arg, vscode.l10n.t('Animate the picture of which task?'), (r) =>
    canAnimate(r.task),
  );
  if (!rec) return;
  if (!canAnimate(rec.task)) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('Midjourney: only a finished picture can be animated.'),
    );
    return;
  }
  const motion = await askMotion(vscode.l10n.t('Midjourney: Animate'));
  if (!motion) return;
  const button = animateButtons(rec.task).find((b) => b.motion === motion);
  if (button) {
    await pressButton(ctx, rec.task.id, button.customId, {
      onRefused: () => animateWithVideo(ctx, rec, motion),
    });
    return;
  }
  await animateWithVideo(ctx, rec, motion);
}

/**
 * Where the panel's Animate button was refused by the server (relays list it but only take
 * /submit/video), the same video through /submit/video; undefined for every other button.
 */
export function animateInstead(
  ctx: CommandContext,
  taskId: string,
  customId: string,
): (() => Promise<void>) | undefined {
  const rec = ctx.studio.store.get(taskId);
  const button = rec && animateButtons(rec.task).find((b) => b.customId === customId);
  return rec && button ? () => animateWithVideo(ctx, rec, button.motion) : undefined;
}

/**
 * trueai's `batchSize` and `videoType` from `midjourney.video.batchSize` / `.resolution`: sent only when the
 * user set them (for a server that offers them); others get the request they always got.
 */
export function videoOptions(
  c: { get<T>(key: string): T | undefined } = vscode.workspace.getConfiguration('midjourney'),
): { batchSize?: VideoBatchSize; resolution?: VideoResolution } {
  const out: { batchSize?: VideoBatchSize; resolution?: VideoResolution } = {};
  const n = Number(c.get<number>('video.batchSize'));
  if (n === 1 || n === 2 || n === 4) out.batchSize = n;
  const r = String(c.get<string>('video.resolution') ?? '');
  if (r === '480' || r === '720') out.resolution = Number(r) as VideoResolution;
  return out;
}

/** POST /submit/video with the task's picture as the first frame, after asking for the prompt. */
async function animateWithVideo(ctx: CommandContext, rec: TaskRecord, motion: VideoMotion): Promise<void> {
  const prompt = await askPrompt(vscode.l10n.t('Midjourney: Animate'), rec.task.prompt);
  if (!prompt || !(await ensureApiKey(ctx))) return;
  try {
    const image = await firstFrame(rec);
    if (!image) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t('Midjourney: this task has no picture to start the video from.'),
      );
      return;
    }
    const outcome = await ctx.studio.tasks.video(rec.task.id, { prompt, motion, image, ...videoOptions() });
    showSubmitted(ctx, outcome);
  } catch (e) {
    // No Retry button: a video may cost money; the user runs the command again.
    await showError(e, ctx.log, { context: vscode.l10n.t('Animate failed') });
  }
}

async function animateFile(ctx: CommandContext, uri: vscode.Uri): Promise<void> {
  const name = baseName(uri.path);
  const stat = await vscode.workspace.fs.stat(uri);
  const problem = checkImages([{ name, size: stat.size }], { min: 1, max: 1 });
  if (problem) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Midjourney: {0}', problem));
    return;
  }
  const title = vscode.l10n.t('Midjourney: Animate {0}', name);
  const motion = await askMotion(title);
  if (!motion) return;
  const prompt = await askPrompt(title, '');
  if (!prompt || !(await ensureApiKey(ctx))) return;
  try {
    const image = toDataUrl(name, await vscode.workspace.fs.readFile(uri));
    const outcome = await ctx.studio.tasks.videoFromImage({ prompt, motion, image, ...videoOptions() });
    showSubmitted(ctx, outcome);
  } catch (e) {
    await showError(e, ctx.log, { context: vscode.l10n.t('Animate failed') });
  }
}

/** Panel: Extend clip `index` of a finished video task (the host acts on its stored task only). */
export async function extendVideo(
  ctx: CommandContext,
  taskId: string,
  index: number,
  motion: VideoMotion,
): Promise<void> {
  if (!(await ensureApiKey(ctx))) return;
  try {
    showSubmitted(ctx, await ctx.studio.tasks.extendVideo(taskId, index, motion));
  } catch (e) {
    await showError(e, ctx.log, { context: vscode.l10n.t('Extend failed') });
  }
}

const hasLocalClip = (r: TaskRecord): boolean => Boolean(r.localVideos?.some(Boolean));

/**
 * `midjourney.saveVideo`: copies a downloaded clip to where the user picks. From the panel the clip is named
 * by its index; from the tree or palette a picker asks for the task and, with several clips, which one.
 */
export async function saveVideo(ctx: CommandContext, arg?: unknown, clip?: unknown): Promise<void> {
  const rec = await resolveTask(
    ctx,
    arg,
    vscode.l10n.t('Save a video of which task?'),
    (r) => isVideoTask(r.task) && hasLocalClip(r),
  );
  if (!rec) return;
  const local = rec.localVideos ?? [];
  let index = typeof clip === 'number' && Number.isInteger(clip) ? clip : undefined;
  if (index === undefined) {
    const items = local.flatMap((p, i) =>
      p ? [{ label: vscode.l10n.t('Clip {0}', i + 1), description: baseName(p), i }] : [],
    );
    if (items.length === 0) {
      void vscode.window.showInformationMessage(
        videoUrlsOf(rec.task).length > 0
          ? vscode.l10n.t('Midjourney: the videos of this task are still downloading.')
          : vscode.l10n.t('Midjourney: this task has no videos.'),
      );
      return;
    }
    const picked =
      items.length === 1
        ? items[0]
        : await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Which clip?') });
    if (!picked) return;
    index = picked.i;
  }
  const source = local[index];
  if (!source) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Midjourney: that clip has not been downloaded.'),
    );
    return;
  }
  try {
    const ext = source.split('.').pop() === 'mp4' ? 'mp4' : 'webm';
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `${
      promptLabel(rec.task.prompt || rec.task.id, 40)
        .replace(/[^\w-]+/g, '-')
        .replace(/^-|-$/g, '') || rec.task.id
    }-${index + 1}.${ext}`;
    const target = await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Save Video As'),
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: { [vscode.l10n.t('Videos')]: [ext] },
      saveLabel: vscode.l10n.t('Save Video'),
    });
    if (!target) return;
    await vscode.workspace.fs.copy(vscode.Uri.file(source), target, { overwrite: true });
    void vscode.window.showInformationMessage(vscode.l10n.t('Midjourney: saved {0}.', baseName(target.path)));
  } catch (e) {
    await showError(e, ctx.log, { context: vscode.l10n.t('Save Video As failed') });
  }
}
