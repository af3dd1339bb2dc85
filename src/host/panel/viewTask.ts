import type * as vscode from 'vscode';
import { viewButtonsFor } from '../../core/api/buttons';
import { isInpaintModal } from '../../core/media/mask';
import { resultPrompts } from '../../core/prompts/describePrompts';
import { promptLabel } from '../../core/prompts/prompt';
import { isStalled } from '../../core/tasks/stall';
import { taskHeadline } from '../../core/tasks/headline';
import { stallAfterMs } from '../stall';
import { lineageOf } from '../../core/tasks/taskFilter';
import { LINEAGE_MAX } from '../../shared/protocol';
import type { LineageLink } from '../../shared/protocol';
import type { TaskRecord, TaskStore } from '../../core/tasks/store';
import { isRunning } from '../../core/model/types';
import { isVideoTask, videoUrlsOf } from '../../core/media/video';
import * as vscodeApi from 'vscode';
import { statusWords } from '../../core/model/words';
import { RESULT_PROMPTS_MAX } from '../../shared/protocol';
import type { PainterInfo, ViewButton, ViewPicture, ViewTask } from '../../shared/protocol';
import { isV8Task, pictureButtons, pictureUrls } from '../../core/api/pictures';

/**
 * Maps a stored task to what the panel shows. The local copy of the image wins over the server's link
 * (links expire); a remote link is passed only when it is http(s).
 */
export function toViewTask(
  rec: TaskRecord,
  store: TaskStore,
  webview: vscode.Webview,
  localUri: (rec: TaskRecord) => vscode.Uri | undefined,
  pictureUri: (rec: TaskRecord, n: number) => vscode.Uri | undefined = () => undefined,
): ViewTask {
  const t = rec.task;
  const local = localUri(rec);
  const remote = t.imageUrl && /^https?:\/\//i.test(t.imageUrl) ? t.imageUrl : undefined;
  const parent = rec.parentId ? store.get(rec.parentId) : undefined;
  const buttons = viewButtonsFor(t);
  const pictures = picturesFor(rec, buttons, webview, pictureUri);
  return {
    id: t.id,
    action: t.action,
    headline: taskHeadline(rec, parent),
    customId: rec.origin.customId,
    status: t.status,
    statusLabel: statusWords(t.status),
    running: isRunning(t.status),
    progress: t.progress,
    prompt: t.prompt,
    finalPrompt: t.finalPrompt,
    description: t.description,
    failReason: t.failReason,
    submitTime: t.submitTime ?? rec.createdAt,
    startTime: t.startTime,
    finishTime: t.finishTime,
    imageSrc: local ? webview.asWebviewUri(local).toString() : remote,
    isPreview: !local && t.status !== 'SUCCESS' && Boolean(remote),
    buttons,
    parentId: parent ? parent.task.id : undefined,
    parentLabel: parent ? promptLabel(parent.task.prompt || parent.task.id, 40) : undefined,
    lineage: lineageLinks(rec, store),
    resultPrompts: resultPrompts(t).slice(0, RESULT_PROMPTS_MAX),
    seed: rec.seed,
    stalled: isStalled(rec, Date.now(), stallAfterMs()),
    painter: painterFor(rec, parent, webview, localUri),
    ...(pictures.length ? { pictures } : {}),
    // V8 has no Upscale/Zoom/Pan: Edit Image is offered as a next step of a finished picture.
    ...(t.status === 'SUCCESS' && isV8Task(t) && (local || remote) ? { canEdit: true } : {}),
    ...videosFor(rec, webview),
    by: rec.origin.by,
  };
}

/**
 * A finished grid's separate pictures (trueai `imageUrls`), each its local copy first, with the grid's
 * buttons that name its number (pictures.ts).
 */
function picturesFor(
  rec: TaskRecord,
  buttons: ViewButton[],
  webview: vscode.Webview,
  pictureUri: (rec: TaskRecord, n: number) => vscode.Uri | undefined,
): ViewPicture[] {
  return pictureUrls(rec.task).map((url, i) => {
    const local = pictureUri(rec, i + 1);
    return {
      index: i + 1,
      src: local ? webview.asWebviewUri(local).toString() : url,
      buttons: pictureButtons(rec.task, buttons, i + 1),
    };
  });
}

/** A finished video task's clips: the count the server made and the local copies the panel may play. */
function videosFor(rec: TaskRecord, webview: vscode.Webview): Pick<ViewTask, 'videoCount' | 'videos'> {
  if (rec.task.status !== 'SUCCESS' || !isVideoTask(rec.task)) return {};
  const videos = (rec.localVideos ?? []).flatMap((p, index) =>
    p ? [{ src: webview.asWebviewUri(vscodeApi.Uri.file(p)).toString(), index }] : [],
  );
  // The stored task may keep only the first link; the local copies say how many clips there are.
  return { videoCount: Math.max(videoUrlsOf(rec.task).length, rec.localVideos?.length ?? 0), videos };
}

/** The ancestors, oldest first, labelled by what made each (the grid by its prompt, the rest by their button). */
function lineageLinks(rec: TaskRecord, store: TaskStore): LineageLink[] | undefined {
  const chain = lineageOf(rec.task.id, (id) => store.get(id)).slice(0, LINEAGE_MAX);
  if (!chain.length) return undefined;
  return chain.map((r) => ({
    id: r.task.id,
    label:
      r.parentId && r.origin.label
        ? r.origin.label
        : promptLabel(r.task.prompt || r.origin.label || r.task.action || r.task.id, 40),
  }));
}

/**
 * Vary Region: a MODAL task from the Inpaint button has no picture of its own, so the panel shows the
 * parent's (local copy first) with the mask painter on top, and the parent's prompt to start from.
 */
function painterFor(
  rec: TaskRecord,
  parent: TaskRecord | undefined,
  webview: vscode.Webview,
  localUri: (rec: TaskRecord) => vscode.Uri | undefined,
): PainterInfo | undefined {
  if (!parent || !isInpaintModal(rec)) return undefined;
  const local = localUri(parent);
  const remote = parent.task.imageUrl;
  const imageSrc = local
    ? webview.asWebviewUri(local).toString()
    : remote && /^https?:\/\//i.test(remote)
      ? remote
      : undefined;
  if (!imageSrc) return undefined;
  return { imageSrc, prompt: rec.task.finalPrompt || rec.task.prompt || parent.task.prompt };
}
